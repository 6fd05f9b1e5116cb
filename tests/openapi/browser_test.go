package openapi_test

import (
	"context"
	"net/http/httptest"
	"os"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"

	"github.com/lambdaroute/lambdaroute/openapi"
)

// chromiumPath is where Debian's chromium package installs the browser.
const chromiumPath = "/usr/bin/chromium"

// browserTimeout bounds the browser session after the first page load.
// Rendering and one "Try it out" took under two seconds on a developer
// machine, and the rest is headroom for a loaded CI machine.
const browserTimeout = 90 * time.Second

// newBrowser starts a headless Chromium with a fresh profile and no
// background traffic, and returns its context.
func newBrowser(t *testing.T) context.Context {
	t.Helper()
	if _, err := os.Stat(chromiumPath); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("Chromium is not installed at %s (%v); CI must run apt-get install -y chromium", chromiumPath, err)
		}
		t.Skipf("Chromium is not installed at %s; install it with apt-get install -y chromium", chromiumPath)
	}
	profile, err := os.MkdirTemp("", "lambdaroute-swagger-browser")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		// Chromium's child processes may still write to the profile for a
		// moment after the browser exits, so removal is retried.
		for range 50 {
			if os.RemoveAll(profile) == nil {
				return
			}
			time.Sleep(100 * time.Millisecond)
		}
	})
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(chromiumPath),
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.UserDataDir(profile),
	)
	allocCtx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	t.Cleanup(cancelAlloc)
	ctx, cancel := chromedp.NewContext(allocCtx)
	t.Cleanup(cancel)
	return ctx
}

// requestLog records the URL of every request a page makes.
type requestLog struct {
	mu   sync.Mutex
	urls []string
}

func (l *requestLog) listen(ev any) {
	if e, ok := ev.(*network.EventRequestWillBeSent); ok {
		l.mu.Lock()
		l.urls = append(l.urls, e.Request.URL)
		l.mu.Unlock()
	}
}

func (l *requestLog) snapshot() []string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return slices.Clone(l.urls)
}

func TestSwaggerUIInBrowser(t *testing.T) {
	ctx := newBrowser(t)
	app := newLargeApp()
	srv := httptest.NewServer(app)
	defer srv.Close()

	doc, err := app.OpenAPI()
	if err != nil {
		t.Fatal(err)
	}
	var want []string
	for path, item := range doc.Paths {
		for method, op := range map[string]*openapi.Operation{"GET": item.Get, "POST": item.Post, "PUT": item.Put, "DELETE": item.Delete} {
			if op != nil {
				want = append(want, method+" "+path)
			}
		}
	}
	slices.Sort(want)

	var requests requestLog
	if err := chromedp.Listen(ctx, requests.listen); err != nil {
		t.Fatal(err)
	}
	// The first action starts the browser; the timeout goes on a context
	// derived after that, since a deadline on the first one would bound the
	// browser's whole life.
	if err := chromedp.Do(ctx, chromedp.Navigate(srv.URL+"/swagger")); err != nil {
		t.Fatalf("loading the Swagger UI page: %v", err)
	}
	ctx, cancel := context.WithTimeout(ctx, browserTimeout)
	defer cancel()

	t.Run("renders every operation", func(t *testing.T) {
		if err := chromedp.Do(ctx, chromedp.WaitVisible(chromedp.CSS(".opblock"))); err != nil {
			t.Fatalf("no operation appeared: %v", err)
		}
		got, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](`[...document.querySelectorAll(".opblock")].map(op =>
			op.querySelector(".opblock-summary-method").textContent + " " +
			op.querySelector(".opblock-summary [data-path]").getAttribute("data-path")).sort()`))
		if err != nil {
			t.Fatal(err)
		}
		if !slices.Equal(got, want) {
			t.Errorf("rendered operations:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
		}
		title, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(".info .title")))
		if err != nil {
			t.Fatal(err)
		}
		if !strings.HasPrefix(title, "Pet store docs") {
			t.Errorf("title = %q", title)
		}
	})

	t.Run("try it out", func(t *testing.T) {
		const op = "#operations-pets-getPet_pets__pet_id__get"
		err := chromedp.Do(ctx,
			chromedp.Click(chromedp.CSS(op+" .opblock-summary-control")),
			chromedp.Click(chromedp.CSS(op+" .try-out__btn")),
			chromedp.SendKeys(chromedp.CSS(op+` input[placeholder="pet_id"]`), "1"),
			chromedp.Click(chromedp.CSS(op+" .execute")),
			chromedp.WaitVisible(chromedp.CSS(op+" .live-responses-table tbody .response-col_status")),
		)
		if err != nil {
			t.Fatalf("executing GET /pets/{pet_id}: %v", err)
		}
		status, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(op+" .live-responses-table tbody .response-col_status")))
		if err != nil {
			t.Fatal(err)
		}
		if strings.TrimSpace(status) != "200" {
			t.Errorf("status shown = %q, want 200", status)
		}
		body, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(op+" .live-responses-table tbody .response-col_description pre")))
		if err != nil {
			t.Fatal(err)
		}
		for _, want := range []string{`"id": 1`, `"name": "Rex"`, `"kind": "dog"`} {
			if !strings.Contains(body, want) {
				t.Errorf("response body shown lacks %s:\n%s", want, body)
			}
		}
		url, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(op+" .request-url pre")))
		if err != nil {
			t.Fatal(err)
		}
		if strings.TrimSpace(url) != srv.URL+"/pets/1" {
			t.Errorf("request URL shown = %q, want %s/pets/1", url, srv.URL)
		}
	})

	t.Run("no request leaves the test server", func(t *testing.T) {
		urls := requests.snapshot()
		if len(urls) == 0 {
			t.Fatal("no request was recorded")
		}
		for _, u := range urls {
			if !strings.HasPrefix(u, srv.URL+"/") && !strings.HasPrefix(u, "data:") {
				t.Errorf("the page requested %s", u)
			}
		}
		for _, asset := range []string{"/swagger/swagger-ui-bundle.js", "/swagger/swagger-ui.css", "/pets/1"} {
			if !slices.ContainsFunc(urls, func(u string) bool { return strings.HasPrefix(u, srv.URL+asset) }) {
				t.Errorf("the page never requested %s; requests: %v", asset, urls)
			}
		}
	})
}
