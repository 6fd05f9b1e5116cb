// Command httpapi serves notes from an API Gateway HTTP API (payload
// format 2.0) deployed on a named stage.
//
// It shows what differs on HTTP APIs: the stage ("/v1") arrives in rawPath
// and is removed before routing, repeated query keys are read from
// rawQueryString, cookies arrive in their own list and leave in the
// response's cookies list, and a header is bound from a tagged struct.
// Under Lambda it serves invocations; anywhere else it serves HTTP on
// 127.0.0.1:8080 (PORT overrides).
package main

import (
	"net/http"
	"slices"
	"strconv"
	"sync"

	"github.com/lambdaroute/lambdaroute/router"
)

// Note is one stored note.
type Note struct {
	ID   int      `json:"id"`
	Text string   `json:"text"`
	Tags []string `json:"tags"`
}

// NoteInput is the body of PUT /notes/<id>.
type NoteInput struct {
	Text string   `json:"text"`
	Tags []string `json:"tags"`
}

// SearchParams binds GET /notes: ?tag=a&tag=b keeps both values, the
// client's request id comes from a header, and the page size from a cookie
// that PUT /preferences/page-size sets.
type SearchParams struct {
	Tags      []string `query:"tag"`
	RequestID string   `header:"X-Request-Id"`
	PageSize  int      `cookie:"page_size" jsonschema:"default=10"`
}

// SearchResult is the response of GET /notes.
type SearchResult struct {
	RequestID string `json:"requestId"`
	Notes     []Note `json:"notes"`
}

type store struct {
	mu    sync.RWMutex
	notes map[int]Note
}

func newStore(notes ...Note) *store {
	s := &store{notes: map[int]Note{}}
	for _, n := range notes {
		s.notes[n.ID] = n
	}
	return s
}

// search returns the notes that carry every requested tag, by id.
func (s *store) search(p SearchParams) SearchResult {
	s.mu.RLock()
	defer s.mu.RUnlock()
	found := []Note{}
	for _, n := range s.notes {
		if hasAll(n.Tags, p.Tags) {
			found = append(found, n)
		}
	}
	slices.SortFunc(found, func(a, b Note) int { return a.ID - b.ID })
	if len(found) > p.PageSize {
		found = found[:p.PageSize]
	}
	return SearchResult{RequestID: p.RequestID, Notes: found}
}

func hasAll(have, want []string) bool {
	for _, w := range want {
		if !slices.Contains(have, w) {
			return false
		}
	}
	return true
}

// put stores a note under the id from the path; the int argument takes
// <id>, so "/notes/abc" is answered 422 before this runs.
func (s *store) put(id int, in NoteInput) Note {
	s.mu.Lock()
	defer s.mu.Unlock()
	n := Note{ID: id, Text: in.Text, Tags: in.Tags}
	s.notes[id] = n
	return n
}

// setPageSize remembers the page size in a cookie.
func setPageSize(size int) (*router.Response, error) {
	if size < 1 || size > 100 {
		return nil, router.BadRequest("page size must be between 1 and 100")
	}
	resp := router.JSON(http.StatusOK, map[string]int{"pageSize": size})
	resp.SetCookie(&http.Cookie{
		Name:     "page_size",
		Value:    strconv.Itoa(size),
		Path:     "/",
		MaxAge:   86400,
		HttpOnly: true,
		Secure:   true,
		SameSite: http.SameSiteLaxMode,
	})
	return resp, nil
}

func newApp(s *store) *router.APIGatewayHTTPResolver {
	app := router.NewAPIGatewayHTTPResolver()
	app.Get("/notes", s.search, router.Summary("Search notes by tag"))
	app.Put("/notes/<id>", s.put, router.Summary("Create or replace a note"))
	app.Put("/preferences/page-size/<size>", setPageSize, router.Summary("Set the page size"))
	return app
}

func main() {
	newApp(newStore(
		Note{ID: 1, Text: "read the HTTP API docs", Tags: []string{"aws", "docs"}},
		Note{ID: 2, Text: "try lambdaroute", Tags: []string{"aws", "go"}},
	)).Start()
}
