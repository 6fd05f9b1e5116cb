package router

import (
	"bytes"
	"compress/gzip"
	"net/http"
	"strconv"
	"strings"
)

// finish applies what Powertools applies when it builds a response, in its
// order: CORS headers, Cache-Control, then gzip. The adapters do base64.
func (a *app) finish(req *Request, rt *route, cors *CORSConfig, resp *Response) *Response {
	if resp.Header == nil {
		resp.Header = http.Header{}
	}
	if cors != nil {
		applyCORS(cors, req, resp)
	}
	if rt != nil && rt.def.cfg.cacheControl != "" {
		if resp.StatusCode == http.StatusOK {
			resp.Header.Set("Cache-Control", rt.def.cfg.cacheControl)
		} else {
			resp.Header.Set("Cache-Control", "no-cache")
		}
	}
	compress := rt != nil && rt.def.cfg.compress
	if resp.Compress != nil {
		compress = *resp.Compress
	}
	if compress && len(resp.Body) > 0 && resp.Header.Get("Content-Encoding") == "" && acceptsGzip(req.Header) {
		if err := gzipBody(resp); err != nil {
			a.cfg.logger.ErrorContext(req.Context(), "router: gzip failed; sending the body uncompressed", "error", err)
		}
	}
	if err := checkHeaders(resp); err != nil {
		a.cfg.logger.ErrorContext(req.Context(), "router: invalid response header", "route", req.Route, "error", err)
		return errorResponse(InternalServerError("Internal Server Error"))
	}
	return resp
}

func gzipBody(resp *Response) error {
	var buf bytes.Buffer
	zw, err := gzip.NewWriterLevel(&buf, gzip.BestCompression)
	if err != nil {
		return err
	}
	if _, err := zw.Write(resp.Body); err != nil {
		return err
	}
	if err := zw.Close(); err != nil {
		return err
	}
	resp.Body = buf.Bytes()
	resp.Header.Set("Content-Encoding", "gzip")
	addVary(resp.Header, "Accept-Encoding")
	return nil
}

// addVary adds token to the Vary header unless a Vary value already lists
// it, in any letter case, so that a handler's own Vary is not repeated.
func addVary(h http.Header, token string) {
	for _, line := range h.Values("Vary") {
		for item := range strings.SplitSeq(line, ",") {
			if strings.EqualFold(strings.TrimSpace(item), token) {
				return
			}
		}
	}
	h.Add("Vary", token)
}

// acceptsGzip reads every Accept-Encoding value with its q-value, so that
// "gzip;q=0" means no, unlike Powertools' substring test.
func acceptsGzip(h http.Header) bool {
	for _, line := range h.Values("Accept-Encoding") {
		for _, item := range strings.Split(line, ",") {
			name, params, _ := strings.Cut(strings.TrimSpace(item), ";")
			name = strings.ToLower(strings.TrimSpace(name))
			if name != "gzip" && name != "*" {
				continue
			}
			q := 1.0
			for _, p := range strings.Split(params, ";") {
				k, v, ok := strings.Cut(strings.TrimSpace(p), "=")
				if ok && strings.EqualFold(strings.TrimSpace(k), "q") {
					if f, err := strconv.ParseFloat(strings.TrimSpace(v), 64); err == nil {
						q = f
					}
				}
			}
			if q > 0 {
				return true
			}
		}
	}
	return false
}

// checkHeaders rejects header names and values that would split the
// response (CR or LF) or are not valid header names, and values with NUL,
// which RFC 9110 section 5.5 calls invalid and dangerous as well.
func checkHeaders(resp *Response) error {
	for name, values := range resp.Header {
		if name == "" || strings.ContainsAny(name, "\r\n: \t\x00") {
			return &headerError{name: name}
		}
		for _, v := range values {
			if strings.ContainsAny(v, "\r\n\x00") {
				return &headerError{name: name, value: v}
			}
		}
	}
	for _, c := range resp.Cookies {
		if c == nil || strings.ContainsAny(c.String(), "\r\n") {
			return &headerError{name: "Set-Cookie"}
		}
	}
	return nil
}

type headerError struct{ name, value string }

func (e *headerError) Error() string {
	if e.value != "" {
		return "response header " + strconv.Quote(e.name) + " has a value with CR, LF or NUL: " + strconv.Quote(e.value)
	}
	return "response header name " + strconv.Quote(e.name) + " is empty or contains CR, LF, NUL, space or colon"
}
