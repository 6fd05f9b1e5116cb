package router

import (
	"context"
	"errors"

	"github.com/aws/aws-lambda-go/events"

	"github.com/lambdaroute/lambdaroute/asyncbridge"
)

// Resolver routes events of type E from one Lambda event source to the
// registered handlers and responds with that source's response type R.
// Build one with the New...Resolver function for the source; register
// routes with the embedded Router's methods.
type Resolver[E, R any] struct {
	*Router
	app     *app
	adapter eventAdapter[E, R]
}

// APIGatewayRestResolver serves API Gateway REST APIs (payload format 1.0).
type APIGatewayRestResolver = Resolver[events.APIGatewayProxyRequest, events.APIGatewayProxyResponse]

// APIGatewayHTTPResolver serves API Gateway HTTP APIs (payload format 2.0).
type APIGatewayHTTPResolver = Resolver[events.APIGatewayV2HTTPRequest, events.APIGatewayV2HTTPResponse]

// ALBResolver serves Application Load Balancer targets, with or without
// multi-value headers.
type ALBResolver = Resolver[events.ALBTargetGroupRequest, events.ALBTargetGroupResponse]

// LambdaFunctionURLResolver serves Lambda function URLs.
type LambdaFunctionURLResolver = Resolver[events.LambdaFunctionURLRequest, events.LambdaFunctionURLResponse]

// VPCLatticeResolver serves VPC Lattice targets (event version 1).
type VPCLatticeResolver = Resolver[VPCLatticeRequest, VPCLatticeResponse]

// VPCLatticeV2Resolver serves VPC Lattice targets (event version 2).
type VPCLatticeV2Resolver = Resolver[VPCLatticeV2Request, VPCLatticeV2Response]

// NewAPIGatewayRestResolver returns a resolver for API Gateway REST APIs.
// Like Powertools' REST resolver, it treats "/x" and "/x/" as one path.
func NewAPIGatewayRestResolver(opts ...Option) *APIGatewayRestResolver {
	return newResolver[events.APIGatewayProxyRequest, events.APIGatewayProxyResponse](restAdapter{}, opts)
}

// NewAPIGatewayHTTPResolver returns a resolver for API Gateway HTTP APIs.
func NewAPIGatewayHTTPResolver(opts ...Option) *APIGatewayHTTPResolver {
	return newResolver[events.APIGatewayV2HTTPRequest, events.APIGatewayV2HTTPResponse](httpAdapter{}, opts)
}

// NewALBResolver returns a resolver for Application Load Balancers. It
// responds with multiValueHeaders exactly when the request came with them.
func NewALBResolver(opts ...Option) *ALBResolver {
	return newResolver[events.ALBTargetGroupRequest, events.ALBTargetGroupResponse](albAdapter{}, opts)
}

// NewLambdaFunctionURLResolver returns a resolver for Lambda function URLs.
func NewLambdaFunctionURLResolver(opts ...Option) *LambdaFunctionURLResolver {
	return newResolver[events.LambdaFunctionURLRequest, events.LambdaFunctionURLResponse](urlAdapter{}, opts)
}

// NewVPCLatticeResolver returns a resolver for VPC Lattice (version 1).
func NewVPCLatticeResolver(opts ...Option) *VPCLatticeResolver {
	return newResolver[VPCLatticeRequest, VPCLatticeResponse](latticeAdapter{}, opts)
}

// NewVPCLatticeV2Resolver returns a resolver for VPC Lattice (version 2).
func NewVPCLatticeV2Resolver(opts ...Option) *VPCLatticeV2Resolver {
	return newResolver[VPCLatticeV2Request, VPCLatticeV2Response](latticeV2Adapter{}, opts)
}

func newResolver[E, R any](ad eventAdapter[E, R], opts []Option) *Resolver[E, R] {
	a := newApp(newConfig(opts), ad.traits())
	r := &Router{root: a}
	a.router = r
	return &Resolver[E, R]{Router: r, app: a, adapter: ad}
}

// Resolve routes one event and returns the source's response. Every
// failure, from a malformed body to a panicking handler, becomes an error
// response, so the returned error is always nil; the error result exists so
// that lambda.Start(app.Resolve) works. An async handler is awaited inline.
func (r *Resolver[E, R]) Resolve(ctx context.Context, event E) (R, error) {
	// The request and the copy of the event that req.Event points to share
	// one allocation instead of two.
	return r.resolveBlock(ctx, &requestBlock[E]{event: event}), nil
}

// resolveBlock resolves the event in block. Invoke decodes a payload
// straight into a block, which saves Resolve's copy of the event.
func (r *Resolver[E, R]) resolveBlock(ctx context.Context, block *requestBlock[E]) R {
	req := &block.req
	var resp *Response
	err := r.adapter.decode(&block.event, req)
	if err != nil {
		// bodyErr is declared here, where err is known to be non-nil,
		// because taking its address moves it to the heap.
		var bodyErr *invalidBodyError
		if errors.As(err, &bodyErr) {
			req.bodyErr, err = bodyErr.HTTPError, nil
		}
	}
	if err != nil {
		resp = r.app.reject(ctx, req, err)
	} else {
		resp = r.app.serve(ctx, req)
	}
	return r.adapter.encode(req, resp)
}

// requestBlock holds a request and the event it was decoded from, so that
// Resolve allocates them together.
type requestBlock[E any] struct {
	req   Request
	event E
}

// ResolveAsync starts resolving event in a new goroutine and returns at
// once. The Future settles with the same response that Resolve returns,
// byte for byte.
func (r *Resolver[E, R]) ResolveAsync(ctx context.Context, event E) asyncbridge.Future[R] {
	// The closure captures a block that already holds the event, rather
	// than the event itself, so the event is copied to the heap once.
	block := &requestBlock[E]{event: event}
	return asyncbridge.Go(ctx, func(ctx context.Context) (R, error) {
		return r.resolveBlock(ctx, block), nil
	})
}

// Invoke makes the resolver a lambda.Handler: it decodes the raw payload,
// resolves it, and encodes the response in the source's JSON shape, without
// the reflection that lambda.NewHandler adds. A payload that is not valid
// JSON for the source gets a 400 response.
func (r *Resolver[E, R]) Invoke(ctx context.Context, payload []byte) ([]byte, error) {
	block := &requestBlock[E]{}
	var out R
	if err := r.adapter.unmarshal(payload, &block.event); err != nil {
		req := &Request{}
		resp := r.app.reject(ctx, req, BadRequest("the invocation payload is not a valid "+r.app.traits.name+" event: "+err.Error()))
		out = r.adapter.encode(req, resp)
	} else {
		out = r.resolveBlock(ctx, block)
	}
	return r.adapter.marshal(&out)
}

// reject builds the response to a request that could not be decoded.
func (a *app) reject(ctx context.Context, req *Request, err error) *Response {
	a.freeze()
	req.ctx = ctx
	if req.Header == nil {
		req.Header = map[string][]string{}
	}
	ends := a.observeStart(req)
	return a.observeEnd(ends, req, a.finish(req, nil, a.cfg.cors, a.handleError(req, err)))
}
