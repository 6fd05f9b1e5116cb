package e2e_test

// This file hides the event and response types of the six resolvers
// behind one struct of functions on JSON, so that a test can run the same
// checks on every event source.

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/lambdaroute/lambdaroute/asyncbridge"
	"github.com/lambdaroute/lambdaroute/router"
)

// anyResolver is a resolver of any event source, driven with JSON events.
// Every response comes back as the JSON that encoding/json writes for the
// source's response type, which is what lambda.Start(app.Resolve) sends.
type anyResolver struct {
	// resolveBoth decodes the event once, resolves it with Resolve and
	// then with ResolveAsync(...).Await, and returns both responses.
	resolveBoth func(ctx context.Context, event []byte) (syncResp, asyncResp []byte, err error)

	// fanOut starts ResolveAsync for every event before awaiting any.
	fanOut func(ctx context.Context, events [][]byte) ([][]byte, error)

	// invoke is the resolver's Invoke method.
	invoke func(ctx context.Context, payload []byte) ([]byte, error)

	// reencode decodes an Invoke payload into the response type and
	// encodes it again with encoding/json, so that it can be compared with
	// Resolve's response.
	reencode func(payload []byte) ([]byte, error)
}

// newAnyResolver builds the resolver for src with opts, mounts routes on
// it, and wraps it.
func newAnyResolver(src source, routes *router.Router, opts ...router.Option) anyResolver {
	switch src {
	case sourceREST:
		app := router.NewAPIGatewayRestResolver(opts...)
		app.Include(routes, "")
		return wrapResolver(app)
	case sourceHTTP:
		app := router.NewAPIGatewayHTTPResolver(opts...)
		app.Include(routes, "")
		return wrapResolver(app)
	case sourceALB:
		app := router.NewALBResolver(opts...)
		app.Include(routes, "")
		return wrapResolver(app)
	case sourceURL:
		app := router.NewLambdaFunctionURLResolver(opts...)
		app.Include(routes, "")
		return wrapResolver(app)
	case sourceLattice:
		app := router.NewVPCLatticeResolver(opts...)
		app.Include(routes, "")
		return wrapResolver(app)
	case sourceLatticeV2:
		app := router.NewVPCLatticeV2Resolver(opts...)
		app.Include(routes, "")
		return wrapResolver(app)
	}
	panic(fmt.Sprintf("newAnyResolver: unknown source %q", src))
}

func wrapResolver[E, R any](app *router.Resolver[E, R]) anyResolver {
	return anyResolver{
		resolveBoth: func(ctx context.Context, payload []byte) ([]byte, []byte, error) {
			var event E
			if err := json.Unmarshal(payload, &event); err != nil {
				return nil, nil, fmt.Errorf("decoding the event as %T: %w", event, err)
			}
			syncResp, err := app.Resolve(ctx, event)
			if err != nil {
				return nil, nil, fmt.Errorf("Resolve returned an error: %w", err)
			}
			asyncResp, err := app.ResolveAsync(ctx, event).Await(ctx)
			if err != nil {
				return nil, nil, fmt.Errorf("ResolveAsync(...).Await returned an error: %w", err)
			}
			syncJSON, err := json.Marshal(syncResp)
			if err != nil {
				return nil, nil, fmt.Errorf("encoding Resolve's %T: %w", syncResp, err)
			}
			asyncJSON, err := json.Marshal(asyncResp)
			if err != nil {
				return nil, nil, fmt.Errorf("encoding ResolveAsync's %T: %w", asyncResp, err)
			}
			return syncJSON, asyncJSON, nil
		},
		fanOut: func(ctx context.Context, payloads [][]byte) ([][]byte, error) {
			futures := make([]asyncbridge.Future[R], len(payloads))
			for i, payload := range payloads {
				var event E
				if err := json.Unmarshal(payload, &event); err != nil {
					return nil, fmt.Errorf("decoding event %d as %T: %w", i, event, err)
				}
				futures[i] = app.ResolveAsync(ctx, event)
			}
			out := make([][]byte, len(futures))
			for i, f := range futures {
				resp, err := f.Await(ctx)
				if err != nil {
					return nil, fmt.Errorf("awaiting event %d: %w", i, err)
				}
				if out[i], err = json.Marshal(resp); err != nil {
					return nil, fmt.Errorf("encoding the response to event %d: %w", i, err)
				}
			}
			return out, nil
		},
		invoke: app.Invoke,
		reencode: func(payload []byte) ([]byte, error) {
			var resp R
			if err := json.Unmarshal(payload, &resp); err != nil {
				return nil, fmt.Errorf("decoding the Invoke payload as %T: %w", resp, err)
			}
			return json.Marshal(resp)
		},
	}
}
