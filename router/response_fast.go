package router

// This file holds allocation-lean builders for the JSON responses that the
// router makes on every request: handler results, and the error bodies of
// 404s and other HTTPErrors.

import (
	"encoding/json"
	"net/http"
	"strconv"
	"sync"
)

// jsonResponse is a Response together with the backing array of its
// Content-Type value, so that building one takes one allocation less.
type jsonResponse struct {
	Response
	contentType [1]string
}

// newJSONResponse returns a response with Content-Type application/json
// and body. Its header equals jsonHeader's, and the value slice has
// capacity 1, so a middleware that appends to it gets a copy.
func newJSONResponse(status int, body []byte) *Response {
	r := &jsonResponse{contentType: [1]string{"application/json"}}
	r.StatusCode = status
	r.Body = body
	r.Header = http.Header{"Content-Type": r.contentType[:1:1]}
	return &r.Response
}

// jsonEncoder is an encoder whose buffer is reused across calls, through
// jsonEncoders.
type jsonEncoder struct {
	buf jsonBuffer
	enc *json.Encoder
}

// jsonEncoders pools encoders, so that marshalJSON allocates only the body
// it returns instead of an encoder, a buffer and the buffer's growth.
var jsonEncoders = sync.Pool{New: func() any {
	e := &jsonEncoder{}
	e.enc = json.NewEncoder(&e.buf)
	e.enc.SetEscapeHTML(false)
	return e
}}

// maxPooledJSONBuffer is the largest buffer put back into jsonEncoders, so
// that one huge body does not stay in memory for the life of the process.
const maxPooledJSONBuffer = 64 << 10

// marshalPooled encodes v as marshalJSON did before it used a pool, with
// an encoder from jsonEncoders.
func marshalPooled(v any) ([]byte, error) {
	e := jsonEncoders.Get().(*jsonEncoder)
	e.buf.buf = e.buf.buf[:0]
	err := e.enc.Encode(v)
	var out []byte
	if err == nil {
		b := e.buf.buf
		if n := len(b); n > 0 && b[n-1] == '\n' {
			b = b[:n-1]
		}
		out = append([]byte(nil), b...)
	}
	if cap(e.buf.buf) <= maxPooledJSONBuffer {
		jsonEncoders.Put(e)
	}
	return out, err
}

// messageJSON returns the body of an HTTPError, the same bytes that
// marshalJSON(messageBody{...}) gives, built by hand in one allocation
// when the message needs no escaping, as every message the router itself
// writes does. It returns nil for any other message.
func messageJSON(status int, message string) []byte {
	for i := 0; i < len(message); i++ {
		if c := message[i]; c < 0x20 || c >= 0x7f || c == '"' || c == '\\' {
			return nil
		}
	}
	const head, middle, tail = `{"statusCode":`, `,"message":"`, `"}`
	b := make([]byte, 0, len(head)+20+len(middle)+len(message)+len(tail))
	b = append(b, head...)
	b = strconv.AppendInt(b, int64(status), 10)
	b = append(b, middle...)
	b = append(b, message...)
	b = append(b, tail...)
	return b
}
