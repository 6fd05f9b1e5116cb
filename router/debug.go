package router

import (
	"encoding/json"
	"reflect"
	"runtime"
	"strings"
)

// middlewareName returns a middleware's function name for debug output,
// such as "main.requireAuth", or "func" for an anonymous one.
func middlewareName(mw Middleware) string {
	fn := runtime.FuncForPC(reflect.ValueOf(mw).Pointer())
	if fn == nil {
		return "func"
	}
	name := fn.Name()
	if i := strings.LastIndexByte(name, '/'); i >= 0 {
		name = name[i+1:]
	}
	return name
}

// describeChain lists a chain's steps, outermost first, the way debug mode
// logs them; nil steps (empty validation slots) are left out.
func describeChain(mws []Middleware, final string) string {
	names := make([]string, 0, len(mws)+1)
	for _, mw := range mws {
		if mw != nil {
			names = append(names, middlewareName(mw))
		}
	}
	names = append(names, final)
	return strings.Join(names, " -> ")
}

// logDebugRequest logs the incoming event and the chain that serves it,
// as Powertools prints them in debug mode. It logs at Info level because
// debug mode is itself the opt-in, and slog's default handler drops Debug.
func (a *app) logDebugRequest(req *Request, chainText string) {
	event := any(req.Event)
	if req.Event == nil {
		event = map[string]string{"method": req.Method, "path": req.RawPath}
	}
	raw, err := json.Marshal(event)
	if err != nil {
		raw = []byte(`"event cannot be encoded as JSON: ` + err.Error() + `"`)
	}
	a.cfg.logger.InfoContext(req.Context(), "lambdaroute: event", "event", json.RawMessage(raw))
	a.cfg.logger.InfoContext(req.Context(), "lambdaroute: middleware chain",
		"route", req.Route, "method", req.Method, "chain", chainText)
}
