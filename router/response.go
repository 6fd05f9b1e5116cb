package router

import (
	"net/http"
	"unicode/utf8"
)

// Response is an HTTP response as a handler or middleware may build it by hand. Handlers that
// return plain values get one built for them.
type Response struct {
	StatusCode int

	// Header is multi-value; each adapter folds it into the shape its event
	// source expects (multiValueHeaders, joined values, or the last value).
	Header http.Header

	// Cookies are written with (*http.Cookie).String, one Set-Cookie each,
	// and never joined with commas, so Expires dates survive.
	Cookies []*http.Cookie

	Body []byte

	// Compress overrides the route's Compress option for this response when
	// it is not nil.
	Compress *bool
}

// JSON builds a response with the given status and v encoded as JSON.
// When v cannot be encoded, the response is the 500 error body instead,
// because a handler has no better response to give at that point.
func JSON(status int, v any) *Response {
	body, err := marshalJSON(v)
	if err != nil {
		return errorResponse(InternalServerError("Internal Server Error"))
	}
	return newJSONResponse(status, body)
}

// Text builds a text/plain response.
func Text(status int, s string) *Response {
	h := http.Header{}
	h.Set("Content-Type", "text/plain; charset=utf-8")
	return &Response{StatusCode: status, Header: h, Body: []byte(s)}
}

// SetCookie appends c to the response's cookies.
func (r *Response) SetCookie(c *http.Cookie) {
	r.Cookies = append(r.Cookies, c)
}

func jsonHeader() http.Header {
	return http.Header{"Content-Type": {"application/json"}}
}

// isBinary reports whether the body must travel base64-encoded. A body is
// text only when its content type is textual and its bytes are valid UTF-8;
// everything else (PDFs, images, gzip output) is binary. Deciding by a list
// of text types rather than of binary ones means an unknown type is never
// corrupted by being sent as a JSON string.
func (r *Response) isBinary() bool {
	if len(r.Body) == 0 {
		return false
	}
	if r.Header.Get("Content-Encoding") != "" {
		return true
	}
	if !isTextualType(r.Header.Get("Content-Type")) {
		return true
	}
	return !utf8.Valid(r.Body)
}

func marshalJSON(v any) ([]byte, error) {
	// Powertools does not escape <, > and & in JSON bodies, and neither do
	// we, so that bodies match byte for byte. marshalPooled encodes with
	// SetEscapeHTML(false) on an encoder from a pool.
	return marshalPooled(v)
}

type jsonBuffer struct{ buf []byte }

func (b *jsonBuffer) Write(p []byte) (int, error) {
	b.buf = append(b.buf, p...)
	return len(p), nil
}
