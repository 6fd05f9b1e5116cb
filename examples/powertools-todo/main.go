// Command powertools-todo is the todo service from the getting-started
// guide of the Powertools for AWS Lambda (Python) event handler, ported to
// lambdaroute: a REST API resolver with a list route, a route with a path
// parameter and a create route.
//
// GET /todos is async: it returns a Future, and the router waits for it
// whether the function is invoked through Resolve or ResolveAsync. The
// other routes are plain synchronous functions. With TODOS_API_URL set,
// todos come from that JSON API (GET {url}/todos and GET {url}/todos/{id});
// without it, from memory. Under Lambda it serves invocations; anywhere
// else it serves HTTP on 127.0.0.1:8080 (PORT overrides).
package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"os"
	"slices"
	"strconv"
	"sync"
	"time"

	"github.com/lambdaroute/lambdaroute/asyncbridge"
	"github.com/lambdaroute/lambdaroute/router"
)

// Todo has the fields of the JSON API that the Powertools guide calls.
type Todo struct {
	UserID    int    `json:"userId"`
	ID        int    `json:"id"`
	Title     string `json:"title"`
	Completed bool   `json:"completed"`
}

// NewTodo is the body of POST /todos.
type NewTodo struct {
	UserID int    `json:"userId"`
	Title  string `json:"title"`
}

// Store is where todos live.
type Store interface {
	List(ctx context.Context) ([]Todo, error)
	Get(ctx context.Context, id int) (Todo, error)
	Add(ctx context.Context, t NewTodo) (Todo, error)
}

// errNotFound is what a Store returns for an unknown id.
var errNotFound = errors.New("todo not found")

// UpstreamError reports a failed call to the todo API; the exception
// handler answers it with 502 Bad Gateway.
type UpstreamError struct{ Err error }

func (e *UpstreamError) Error() string { return "todo API: " + e.Err.Error() }
func (e *UpstreamError) Unwrap() error { return e.Err }

// memoryStore keeps todos in a map.
type memoryStore struct {
	mu    sync.Mutex
	todos map[int]Todo
}

func newMemoryStore(todos ...Todo) *memoryStore {
	s := &memoryStore{todos: map[int]Todo{}}
	for _, t := range todos {
		s.todos[t.ID] = t
	}
	return s
}

func (s *memoryStore) List(context.Context) ([]Todo, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]Todo, 0, len(s.todos))
	for _, t := range s.todos {
		out = append(out, t)
	}
	slices.SortFunc(out, func(a, b Todo) int { return a.ID - b.ID })
	return out, nil
}

func (s *memoryStore) Get(_ context.Context, id int) (Todo, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	t, ok := s.todos[id]
	if !ok {
		return Todo{}, errNotFound
	}
	return t, nil
}

func (s *memoryStore) Add(_ context.Context, in NewTodo) (Todo, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	t := Todo{UserID: in.UserID, ID: len(s.todos) + 1, Title: in.Title}
	s.todos[t.ID] = t
	return t, nil
}

// httpStore reads todos from a JSON API and cannot add any.
type httpStore struct {
	baseURL string
	client  *http.Client
}

func (s *httpStore) List(ctx context.Context) ([]Todo, error) {
	var out []Todo
	if err := s.getJSON(ctx, "/todos", &out); err != nil {
		return nil, err
	}
	return out, nil
}

func (s *httpStore) Get(ctx context.Context, id int) (Todo, error) {
	var t Todo
	if err := s.getJSON(ctx, "/todos/"+strconv.Itoa(id), &t); err != nil {
		return Todo{}, err
	}
	return t, nil
}

func (s *httpStore) Add(context.Context, NewTodo) (Todo, error) {
	return Todo{}, router.NewHTTPError(http.StatusNotImplemented, "this deployment reads todos from TODOS_API_URL and cannot add any")
}

func (s *httpStore) getJSON(ctx context.Context, path string, v any) error {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, s.baseURL+path, nil)
	if err != nil {
		return &UpstreamError{Err: err}
	}
	resp, err := s.client.Do(req)
	if err != nil {
		if ctx.Err() != nil {
			// A deadline or cancellation, which the router reports itself.
			return ctx.Err()
		}
		return &UpstreamError{Err: err}
	}
	defer resp.Body.Close()
	switch {
	case resp.StatusCode == http.StatusNotFound:
		return errNotFound
	case resp.StatusCode != http.StatusOK:
		return &UpstreamError{Err: fmt.Errorf("GET %s: status %d", path, resp.StatusCode)}
	}
	if err := json.NewDecoder(resp.Body).Decode(v); err != nil {
		return &UpstreamError{Err: fmt.Errorf("GET %s: decoding the response: %w", path, err)}
	}
	return nil
}

// todoService holds the handlers.
type todoService struct{ store Store }

// listTodos is async: the store call runs in its own goroutine, and the
// router awaits the Future with the invocation's deadline.
func (s todoService) listTodos(ctx context.Context) asyncbridge.Future[[]Todo] {
	return asyncbridge.Go(ctx, s.store.List)
}

// getTodo is synchronous; the int argument takes <todo_id>.
func (s todoService) getTodo(ctx context.Context, todoID int) (Todo, error) {
	t, err := s.store.Get(ctx, todoID)
	if errors.Is(err, errNotFound) {
		return Todo{}, router.NotFoundError(fmt.Sprintf("todo %d not found", todoID))
	}
	return t, err
}

func (s todoService) createTodo(ctx context.Context, in NewTodo) (Todo, error) {
	if in.Title == "" {
		return Todo{}, router.BadRequest("title must not be empty")
	}
	return s.store.Add(ctx, in)
}

func newApp(store Store) *router.APIGatewayRestResolver {
	svc := todoService{store: store}
	app := router.NewAPIGatewayRestResolver()
	app.HandleError(func(req *router.Request, err *UpstreamError) (*router.Response, error) {
		return nil, router.NewHTTPError(http.StatusBadGateway, "the todo API is unavailable")
	})
	app.Get("/todos", svc.listTodos, router.Summary("List todos"))
	app.Get("/todos/<todo_id>", svc.getTodo, router.Summary("Get one todo"))
	app.Post("/todos", svc.createTodo, router.Summary("Create a todo"), router.Status(http.StatusCreated))
	return app
}

// storeFromEnv picks the store: the JSON API at TODOS_API_URL, or memory.
func storeFromEnv() Store {
	if url := os.Getenv("TODOS_API_URL"); url != "" {
		return &httpStore{baseURL: url, client: &http.Client{Timeout: 5 * time.Second}}
	}
	return newMemoryStore(
		Todo{UserID: 1, ID: 1, Title: "write the handler", Completed: true},
		Todo{UserID: 1, ID: 2, Title: "deploy it"},
	)
}

func main() {
	newApp(storeFromEnv()).Start()
}
