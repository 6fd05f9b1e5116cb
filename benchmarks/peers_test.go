package benchmarks

import (
	"context"
	"encoding/json"
	"net/http"
	"strconv"

	"github.com/aws/aws-lambda-go/events"
	"github.com/awslabs/aws-lambda-go-api-proxy/httpadapter"
	"github.com/danielgtaylor/huma/v2"
	"github.com/danielgtaylor/huma/v2/adapters/humachi"
	"github.com/go-chi/chi/v5"
)

// The peers are net/http routers behind aws-lambda-go-api-proxy, which
// turns each event into an *http.Request and records the response: the
// usual way to run an existing Go web app on Lambda. Their handlers do the
// same work as the floor's and answer with the same bodies, 404 included.

func writeJSON(w http.ResponseWriter, status int, v any) {
	b, err := json.Marshal(v)
	if err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	w.Write(b)
}

func httpHealth(w http.ResponseWriter, _ *http.Request) {
	writeJSON(w, 200, health())
}

func httpUser(w http.ResponseWriter, r *http.Request, id string) {
	q := UserQuery{Limit: 10}
	values := r.URL.Query()
	if s := values.Get("limit"); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil {
			http.Error(w, "limit is not an integer", http.StatusUnprocessableEntity)
			return
		}
		q.Limit = n
	}
	if s := values.Get("verbose"); s != "" {
		v, err := strconv.ParseBool(s)
		if err != nil {
			http.Error(w, "verbose is not a boolean", http.StatusUnprocessableEntity)
			return
		}
		q.Verbose = v
	}
	writeJSON(w, 200, getUser(id, q))
}

func httpTodo(w http.ResponseWriter, r *http.Request) {
	var t Todo
	if err := json.NewDecoder(r.Body).Decode(&t); err != nil {
		http.Error(w, "the body is not a JSON todo", http.StatusUnprocessableEntity)
		return
	}
	t, _ = createTodo(t)
	writeJSON(w, 201, t)
}

func httpItem(w http.ResponseWriter, r *http.Request, id string) {
	it, err := awaitItem(r.Context(), id)
	if err != nil {
		http.Error(w, "Gateway Timeout", http.StatusGatewayTimeout)
		return
	}
	writeJSON(w, 200, it)
}

// awaitItem is the async route's work for the peers: one goroutine and a
// channel, waited on under the request's context.
func awaitItem(ctx context.Context, id string) (Item, error) {
	ch := make(chan Item, 1)
	go func() { ch <- Item{ID: id, Ready: true} }()
	select {
	case it := <-ch:
		return it, nil
	case <-ctx.Done():
		return Item{}, ctx.Err()
	}
}

func httpNotFound(w http.ResponseWriter, _ *http.Request) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(http.StatusNotFound)
	w.Write(notFoundBody)
}

// newServeMux returns the routes on the standard library's ServeMux.
func newServeMux() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /health", httpHealth)
	mux.HandleFunc("GET /users/{id}", func(w http.ResponseWriter, r *http.Request) {
		httpUser(w, r, r.PathValue("id"))
	})
	mux.HandleFunc("POST /todos", httpTodo)
	mux.HandleFunc("GET /items/{id}", func(w http.ResponseWriter, r *http.Request) {
		httpItem(w, r, r.PathValue("id"))
	})
	mux.HandleFunc("/", httpNotFound)
	return mux
}

// newChi returns the routes on chi v5.
func newChi() http.Handler {
	mux := chi.NewRouter()
	mux.Get("/health", httpHealth)
	mux.Get("/users/{id}", func(w http.ResponseWriter, r *http.Request) {
		httpUser(w, r, chi.URLParam(r, "id"))
	})
	mux.Post("/todos", httpTodo)
	mux.Get("/items/{id}", func(w http.ResponseWriter, r *http.Request) {
		httpItem(w, r, chi.URLParam(r, "id"))
	})
	mux.NotFound(httpNotFound)
	return mux
}

// Input and output shapes for huma, which binds and validates from struct
// tags of its own.
type (
	humaHealthOutput struct{ Body Health }
	humaUserInput    struct {
		ID      string `path:"id"`
		Limit   int    `query:"limit" default:"10" minimum:"1" maximum:"100"`
		Verbose bool   `query:"verbose"`
	}
	humaUserOutput struct{ Body User }
	humaTodoInput  struct{ Body Todo }
	humaTodoOutput struct{ Body Todo }
	humaItemInput  struct {
		ID string `path:"id"`
	}
	humaItemOutput struct{ Body Item }
)

// newHuma returns the routes as huma v2 operations on chi. The schema link
// transformer of huma's default config is left out, because it adds a
// $schema field to every body and the answers would then differ from the
// other contenders'.
func newHuma() http.Handler {
	mux := chi.NewRouter()
	mux.NotFound(httpNotFound)
	cfg := huma.DefaultConfig("bench", "1.0.0")
	cfg.CreateHooks = nil
	api := humachi.New(mux, cfg)

	huma.Get(api, "/health", func(context.Context, *struct{}) (*humaHealthOutput, error) {
		return &humaHealthOutput{Body: health()}, nil
	})
	huma.Get(api, "/users/{id}", func(_ context.Context, in *humaUserInput) (*humaUserOutput, error) {
		return &humaUserOutput{Body: getUser(in.ID, UserQuery{Limit: in.Limit, Verbose: in.Verbose})}, nil
	})
	huma.Register(api, huma.Operation{Method: http.MethodPost, Path: "/todos", DefaultStatus: 201},
		func(_ context.Context, in *humaTodoInput) (*humaTodoOutput, error) {
			t, err := createTodo(in.Body)
			return &humaTodoOutput{Body: t}, err
		})
	huma.Get(api, "/items/{id}", func(ctx context.Context, in *humaItemInput) (*humaItemOutput, error) {
		it, err := awaitItem(ctx, in.ID)
		if err != nil {
			return nil, huma.Error504GatewayTimeout("Gateway Timeout")
		}
		return &humaItemOutput{Body: it}, nil
	})
	return mux
}

// peer is one net/http router under test.
type peer struct {
	name    string
	handler http.Handler
}

var peers = []peer{
	{name: "servemux_proxy", handler: newServeMux()},
	{name: "chi_proxy", handler: newChi()},
	{name: "huma_proxy", handler: newHuma()},
}

// The three api-proxy adapters, one per event source.

func proxyV1(h http.Handler) func(context.Context, events.APIGatewayProxyRequest) (events.APIGatewayProxyResponse, error) {
	return httpadapter.New(h).ProxyWithContext
}

func proxyV2(h http.Handler) func(context.Context, events.APIGatewayV2HTTPRequest) (events.APIGatewayV2HTTPResponse, error) {
	return httpadapter.NewV2(h).ProxyWithContext
}

func proxyALB(h http.Handler) func(context.Context, events.ALBTargetGroupRequest) (events.ALBTargetGroupResponse, error) {
	return httpadapter.NewALB(h).ProxyWithContext
}
