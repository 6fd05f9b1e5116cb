// Command rest serves a small book catalog from an API Gateway REST API
// (payload format 1.0).
//
// It shows the REST resolver's habits: "/books" and "/books/" are one
// route, a custom domain's base path ("/catalog") is stripped before
// routing, and CORS headers go out for the one allowed origin. Under Lambda
// it serves invocations; anywhere else it serves HTTP on 127.0.0.1:8080
// (PORT overrides).
package main

import (
	"net/http"
	"slices"
	"strings"
	"sync"

	"github.com/lambdaroute/lambdaroute/router"
)

// Book is one catalog entry and the body of POST /books.
type Book struct {
	ISBN   string `json:"isbn" jsonschema:"required"`
	Title  string `json:"title" jsonschema:"required"`
	Author string `json:"author"`
}

// ListQuery is the query string of GET /books.
type ListQuery struct {
	Author string `query:"author"`
	Limit  int    `query:"limit" jsonschema:"default=20"`
}

// catalog is an in-memory store, safe for concurrent use because a
// resolver may serve several invocations at once.
type catalog struct {
	mu    sync.RWMutex
	books map[string]Book
}

func newCatalog(books ...Book) *catalog {
	c := &catalog{books: map[string]Book{}}
	for _, b := range books {
		c.books[b.ISBN] = b
	}
	return c
}

func (c *catalog) list(q ListQuery) []Book {
	c.mu.RLock()
	defer c.mu.RUnlock()
	out := []Book{}
	for _, b := range c.books {
		if q.Author == "" || strings.EqualFold(b.Author, q.Author) {
			out = append(out, b)
		}
	}
	slices.SortFunc(out, func(a, b Book) int { return strings.Compare(a.ISBN, b.ISBN) })
	if q.Limit > 0 && len(out) > q.Limit {
		out = out[:q.Limit]
	}
	return out
}

func (c *catalog) get(isbn string) (Book, error) {
	c.mu.RLock()
	defer c.mu.RUnlock()
	b, ok := c.books[isbn]
	if !ok {
		return Book{}, router.NotFoundError("no book with ISBN " + isbn)
	}
	return b, nil
}

func (c *catalog) create(b Book) (Book, error) {
	if b.ISBN == "" || b.Title == "" {
		return Book{}, router.BadRequest("isbn and title are required")
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if _, exists := c.books[b.ISBN]; exists {
		return Book{}, router.NewHTTPError(http.StatusConflict, "a book with ISBN "+b.ISBN+" already exists")
	}
	c.books[b.ISBN] = b
	return b, nil
}

// remove returns only an error, so a success answers 204 No Content.
func (c *catalog) remove(isbn string) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	if _, ok := c.books[isbn]; !ok {
		return router.NotFoundError("no book with ISBN " + isbn)
	}
	delete(c.books, isbn)
	return nil
}

func newApp(c *catalog) *router.APIGatewayRestResolver {
	app := router.NewAPIGatewayRestResolver(
		// A custom domain that maps the API under /catalog sends paths
		// such as /catalog/books; routes are written without the prefix.
		router.WithStripPrefixes("/catalog"),
		router.WithCORS(router.CORSConfig{AllowOrigin: "https://books.example.com"}),
	)
	app.Get("/books", c.list, router.Summary("List books"))
	app.Get("/books/<isbn>", c.get, router.Summary("Get a book"))
	app.Post("/books", c.create, router.Summary("Add a book"), router.Status(http.StatusCreated))
	app.Delete("/books/<isbn>", c.remove, router.Summary("Remove a book"))
	return app
}

func main() {
	newApp(newCatalog(
		Book{ISBN: "978-0134190440", Title: "The Go Programming Language", Author: "Donovan"},
		Book{ISBN: "978-1492077213", Title: "Learning Go", Author: "Bodner"},
	)).Start()
}
