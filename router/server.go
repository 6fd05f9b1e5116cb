package router

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/aws/aws-lambda-go/lambda"
)

// ServeHTTP makes the resolver an http.Handler, so the same app runs behind
// net/http, httptest or any local server. The path is matched with the
// rules of the resolver's event source.
func (r *Resolver[E, R]) ServeHTTP(w http.ResponseWriter, hr *http.Request) {
	req, err := r.app.fromHTTP(hr)
	var resp *Response
	if err != nil {
		resp = r.app.reject(hr.Context(), req, err)
	} else {
		resp = r.app.serve(hr.Context(), req)
	}
	writeResponse(w, resp)
}

// fromHTTP builds a Request from a net/http request. The body is read up to
// the size limit; a larger one is an *HTTPError with status 413.
func (a *app) fromHTTP(hr *http.Request) (*Request, error) {
	// url.URL.Query would drop pairs with bad escapes, and every pair past
	// Go's limit of 10,000, with no error. parseRawQuery is the parser of
	// the Lambda path and keeps them all, so WithMaxQueryValues counts
	// every pair.
	req := &Request{
		Method:      hr.Method,
		RawPath:     hr.URL.EscapedPath(),
		Header:      hr.Header,
		Query:       parseRawQuery(hr.URL.RawQuery),
		Cookies:     hr.Cookies(),
		HTTPRequest: hr,
		pathEncoded: true,
	}
	req.routePath = req.RawPath
	if req.Header == nil {
		req.Header = http.Header{}
	}
	if hr.Body == nil || hr.Body == http.NoBody {
		return req, nil
	}
	body, err := io.ReadAll(io.LimitReader(hr.Body, int64(a.cfg.maxBodyBytes)+1))
	if err != nil {
		return req, BadRequest("reading the request body failed: " + err.Error())
	}
	if len(body) > a.cfg.maxBodyBytes {
		return req, RequestEntityTooLarge(fmt.Sprintf("request body is over the limit of %d bytes", a.cfg.maxBodyBytes))
	}
	req.Body = body
	return req, nil
}

// toHTTPRequest returns the original *http.Request, or builds one for
// net/http middlewares when the request came from an event.
func (r *Request) toHTTPRequest() *http.Request {
	if r.HTTPRequest != nil {
		return r.HTTPRequest.WithContext(r.Context())
	}
	hr, err := http.NewRequestWithContext(r.Context(), r.Method, "/", bytes.NewReader(r.Body))
	if err != nil {
		// The method came from the client; a method that net/http rejects
		// still deserves a request so the middleware can run.
		hr, _ = http.NewRequestWithContext(r.Context(), http.MethodGet, "/", bytes.NewReader(r.Body))
	}
	// The URL is set as a struct rather than parsed from text, because an
	// event's path need not survive that round trip. Parsed, "// x" fails
	// as an invalid host, and "//evil.example/x" becomes the host.
	hr.URL = &url.URL{Path: r.Path, RawPath: r.RawPath, RawQuery: r.Query.Encode()}
	hr.Header = r.Header.Clone()
	if hr.Header == nil {
		hr.Header = http.Header{}
	}
	return hr
}

// writeResponse sends resp through a net/http ResponseWriter.
func writeResponse(w http.ResponseWriter, resp *Response) {
	h := w.Header()
	for k, vs := range resp.Header {
		h[k] = append(h[k][:0:0], vs...)
	}
	for _, c := range resp.Cookies {
		if v := c.String(); v != "" {
			h.Add("Set-Cookie", v)
		}
	}
	status := resp.StatusCode
	if status == 0 {
		status = http.StatusOK
	}
	w.WriteHeader(status)
	if len(resp.Body) > 0 {
		_, _ = w.Write(resp.Body)
	}
}

// Start serves the app. Under Lambda (AWS_LAMBDA_RUNTIME_API is set) it
// serves invocations through Invoke and never returns. Anywhere else it
// serves HTTP on 127.0.0.1:8080, or the port in PORT, until SIGINT or
// SIGTERM, so the same binary is the local development server; it exits
// the process if the server cannot start.
func (r *Resolver[E, R]) Start() {
	if os.Getenv("AWS_LAMBDA_RUNTIME_API") != "" {
		lambda.Start(r)
		return
	}
	port := os.Getenv("PORT")
	if port == "" {
		port = "8080"
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := r.ListenAndServe(ctx, net.JoinHostPort("127.0.0.1", port)); err != nil {
		r.app.cfg.logger.Error("router: local server failed", "error", err)
		os.Exit(1)
	}
}

// ListenAndServe serves HTTP on addr until ctx ends, then shuts down
// gracefully, giving requests in flight up to 5 seconds.
func (r *Resolver[E, R]) ListenAndServe(ctx context.Context, addr string) error {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return fmt.Errorf("listening on %s: %w", addr, err)
	}
	srv := &http.Server{Handler: r, ReadHeaderTimeout: 10 * time.Second}
	r.app.cfg.logger.Info("lambdaroute: serving locally", slog.String("url", "http://"+ln.Addr().String()),
		slog.String("source", r.app.traits.name))
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	shutdownCtx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := srv.Shutdown(shutdownCtx); err != nil {
		return fmt.Errorf("shutting down the local server: %w", err)
	}
	if err := <-errc; err != nil && !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}
