package main

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-lambda-go/events"
)

func memoryApp() *memoryStore {
	return newMemoryStore(
		Todo{UserID: 1, ID: 1, Title: "write the handler", Completed: true},
		Todo{UserID: 1, ID: 2, Title: "deploy it"},
	)
}

func readEvent(t *testing.T, name string) events.APIGatewayProxyRequest {
	t.Helper()
	payload, err := os.ReadFile("testdata/" + name)
	if err != nil {
		t.Fatal(err)
	}
	var e events.APIGatewayProxyRequest
	if err := json.Unmarshal(payload, &e); err != nil {
		t.Fatal(err)
	}
	return e
}

func TestGetTodoSyncRoute(t *testing.T) {
	resp, err := newApp(memoryApp()).Resolve(context.Background(), readEvent(t, "get-todo.json"))
	if err != nil {
		t.Fatal(err)
	}
	want := `{"userId":1,"id":2,"title":"deploy it","completed":false}`
	if resp.StatusCode != 200 || resp.Body != want {
		t.Errorf("got %d %s, want 200 %s", resp.StatusCode, resp.Body, want)
	}
}

func TestListTodosAsyncRouteBothEntryPoints(t *testing.T) {
	app := newApp(memoryApp())
	ctx := context.Background()
	event := readEvent(t, "list-todos.json")
	want := `[{"userId":1,"id":1,"title":"write the handler","completed":true},{"userId":1,"id":2,"title":"deploy it","completed":false}]`

	// Resolve awaits the async handler inline, so lambda.Start(app.Resolve)
	// works; Powertools' synchronous resolve() cannot run an async handler.
	sync, err := app.Resolve(ctx, event)
	if err != nil {
		t.Fatal(err)
	}
	if sync.StatusCode != 200 || sync.Body != want {
		t.Errorf("Resolve: got %d %s, want 200 %s", sync.StatusCode, sync.Body, want)
	}

	async, err := app.ResolveAsync(ctx, event).Await(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if async.Body != sync.Body || async.StatusCode != sync.StatusCode {
		t.Errorf("ResolveAsync = %d %s, want the same response as Resolve", async.StatusCode, async.Body)
	}
}

func TestUnknownTodo(t *testing.T) {
	event := readEvent(t, "get-todo.json")
	event.Path = "/todos/99"
	resp, _ := newApp(memoryApp()).Resolve(context.Background(), event)
	want := `{"statusCode":404,"message":"todo 99 not found"}`
	if resp.StatusCode != 404 || resp.Body != want {
		t.Errorf("got %d %s, want 404 %s", resp.StatusCode, resp.Body, want)
	}
}

func TestCreateTodo(t *testing.T) {
	store := memoryApp()
	rec := httptest.NewRecorder()
	req := httptest.NewRequest(http.MethodPost, "/todos", strings.NewReader(`{"userId":3,"title":"celebrate"}`))
	newApp(store).ServeHTTP(rec, req)
	want := `{"userId":3,"id":3,"title":"celebrate","completed":false}`
	if rec.Code != http.StatusCreated || rec.Body.String() != want {
		t.Errorf("got %d %s, want 201 %s", rec.Code, rec.Body.String(), want)
	}
	if len(store.todos) != 3 {
		t.Errorf("store has %d todos, want 3", len(store.todos))
	}
}

// fakeTodoAPI serves the two endpoints of the JSON API on 127.0.0.1.
func fakeTodoAPI(t *testing.T) *httptest.Server {
	t.Helper()
	mux := http.NewServeMux()
	mux.HandleFunc("GET /todos", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write([]byte(`[{"userId":7,"id":1,"title":"from the API","completed":true}]`))
	})
	mux.HandleFunc("GET /todos/{id}", func(w http.ResponseWriter, r *http.Request) {
		switch r.PathValue("id") {
		case "1":
			_, _ = w.Write([]byte(`{"userId":7,"id":1,"title":"from the API","completed":true}`))
		case "500":
			http.Error(w, "boom", http.StatusInternalServerError)
		default:
			http.NotFound(w, r)
		}
	})
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	return srv
}

func TestHTTPStore(t *testing.T) {
	api := fakeTodoAPI(t)
	t.Setenv("TODOS_API_URL", api.URL)
	app := newApp(storeFromEnv())

	cases := []struct {
		path   string
		status int
		body   string
	}{
		{"/todos", 200, `[{"userId":7,"id":1,"title":"from the API","completed":true}]`},
		{"/todos/1", 200, `{"userId":7,"id":1,"title":"from the API","completed":true}`},
		{"/todos/2", 404, `{"statusCode":404,"message":"todo 2 not found"}`},
		{"/todos/500", 502, `{"statusCode":502,"message":"the todo API is unavailable"}`},
	}
	for _, tc := range cases {
		rec := httptest.NewRecorder()
		app.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, tc.path, nil))
		if rec.Code != tc.status || rec.Body.String() != tc.body {
			t.Errorf("GET %s = %d %s, want %d %s", tc.path, rec.Code, rec.Body.String(), tc.status, tc.body)
		}
	}

	rec := httptest.NewRecorder()
	app.ServeHTTP(rec, httptest.NewRequest(http.MethodPost, "/todos", strings.NewReader(`{"title":"x"}`)))
	if rec.Code != http.StatusNotImplemented {
		t.Errorf("POST with the HTTP store = %d, want 501", rec.Code)
	}
}

func TestHTTPStoreDeadline(t *testing.T) {
	blocked := make(chan struct{})
	slow := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-blocked:
		case <-r.Context().Done():
		}
	}))
	defer slow.Close()
	defer close(blocked)

	app := newApp(&httpStore{baseURL: slow.URL, client: slow.Client()})
	ctx, cancel := context.WithTimeout(context.Background(), 300*time.Millisecond)
	defer cancel()
	resp, _ := app.Resolve(ctx, readEvent(t, "list-todos.json"))
	if resp.StatusCode != 504 {
		t.Errorf("status = %d %s, want 504 when the API outlasts the deadline", resp.StatusCode, resp.Body)
	}
}
