// Package accesslog writes one log/slog line per lambdaroute request.
//
// The router already logs the errors it handles, and debug output, through
// the logger of router.WithLogger. One more option adds the access log on
// the same logger:
//
//	logger := accesslog.NewLogger(os.Stdout)
//	app := router.NewAPIGatewayHTTPResolver(
//		router.WithLogger(logger),
//		router.WithObserver(accesslog.New(logger)),
//	)
//
// [NewLogger] follows Lambda's log settings: JSON when AWS_LAMBDA_LOG_FORMAT
// is JSON, and the level of AWS_LAMBDA_LOG_LEVEL, else of
// POWERTOOLS_LOG_LEVEL, else INFO.
package accesslog

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"os"
	"strings"
	"sync/atomic"
	"time"

	"github.com/aws/aws-lambda-go/lambdacontext"

	"github.com/lambdaroute/lambdaroute/router"
)

// Message is the message of every access log line.
const Message = "request"

// Keys of the attributes of an access log line.
const (
	KeyMethod    = "method"
	KeyRoute     = "route"
	KeyPath      = "path"
	KeyStatus    = "status"
	KeyLatencyMS = "latency_ms"
	KeyRequestID = "request_id"
	KeyColdStart = "cold_start"
)

// coldStartClaimed records that this process has already served a request,
// so that only its first line has cold_start=true.
var coldStartClaimed atomic.Bool

// Observer is a router.Observer that logs each finished request. Build it
// with New.
type Observer struct {
	logger *slog.Logger
}

var _ router.Observer = (*Observer)(nil)

// New returns an Observer that logs to logger, or to NewLogger(os.Stdout)
// when logger is nil.
//
// Each line has the method, the route template ("" when no route matched),
// the path, the status, the latency in milliseconds (from the end of
// routing to the finished response), the Lambda request id (on Lambda
// only) and whether this was the process's first request. A status of 500
// or more is logged at ERROR, every other one at INFO.
func New(logger *slog.Logger) *Observer {
	if logger == nil {
		logger = NewLogger(os.Stdout)
	}
	return &Observer{logger: logger}
}

// StartRequest notes the start time; the returned func writes the line.
func (o *Observer) StartRequest(ctx context.Context, req *router.Request) (context.Context, func(*router.Request, *router.Response)) {
	start := time.Now()
	coldStart := coldStartClaimed.CompareAndSwap(false, true)
	return ctx, func(req *router.Request, resp *router.Response) {
		o.log(ctx, req, resp, start, coldStart)
	}
}

func (o *Observer) log(ctx context.Context, req *router.Request, resp *router.Response, start time.Time, coldStart bool) {
	status := resp.StatusCode
	if status == 0 {
		status = 200
	}
	level := slog.LevelInfo
	if status >= 500 {
		level = slog.LevelError
	}
	if !o.logger.Enabled(ctx, level) {
		return
	}
	latency := time.Since(start)
	attrs := make([]slog.Attr, 0, 7)
	attrs = append(attrs,
		slog.String(KeyMethod, req.Method),
		slog.String(KeyRoute, req.Route),
		slog.String(KeyPath, req.Path),
		slog.Int(KeyStatus, status),
		slog.Float64(KeyLatencyMS, float64(latency.Microseconds())/1000),
	)
	if lc, ok := lambdacontext.FromContext(ctx); ok {
		attrs = append(attrs, slog.String(KeyRequestID, lc.AwsRequestID))
	}
	attrs = append(attrs, slog.Bool(KeyColdStart, coldStart))
	o.logger.LogAttrs(ctx, level, Message, attrs...)
}

// Levels beyond slog's four, for Lambda's TRACE and FATAL.
const (
	LevelTrace = slog.LevelDebug - 4
	LevelFatal = slog.LevelError + 4
)

// NewLogger returns a logger that writes to w with Lambda's log settings:
// a JSON handler when AWS_LAMBDA_LOG_FORMAT is JSON (with Lambda's
// "timestamp" and "message" keys), a text handler otherwise, at the level
// of AWS_LAMBDA_LOG_LEVEL, else POWERTOOLS_LOG_LEVEL, else INFO.
// AWS_LAMBDA_LOG_LEVEL comes first because it is what Lambda filters by,
// as in Powertools. A level it cannot parse is reported on the logger, once.
func NewLogger(w io.Writer) *slog.Logger {
	level, levelErr := levelFromEnv()
	opts := &slog.HandlerOptions{Level: level}
	var handler slog.Handler
	if strings.EqualFold(os.Getenv("AWS_LAMBDA_LOG_FORMAT"), "JSON") {
		opts.ReplaceAttr = replaceJSONAttr
		handler = slog.NewJSONHandler(w, opts)
	} else {
		opts.ReplaceAttr = replaceLevelName
		handler = slog.NewTextHandler(w, opts)
	}
	logger := slog.New(handler)
	if levelErr != nil {
		logger.Warn("accesslog: " + levelErr.Error())
	}
	return logger
}

// levelFromEnv reads the level as NewLogger describes. It returns INFO and
// an error for a value that is not a level.
func levelFromEnv() (slog.Level, error) {
	for _, name := range []string{"AWS_LAMBDA_LOG_LEVEL", "POWERTOOLS_LOG_LEVEL"} {
		value := strings.TrimSpace(os.Getenv(name))
		if value == "" {
			continue
		}
		level, ok := parseLevel(value)
		if !ok {
			return slog.LevelInfo, fmt.Errorf("%s=%q is not a log level; logging at INFO. Use TRACE, DEBUG, INFO, WARN, ERROR or FATAL", name, value)
		}
		return level, nil
	}
	return slog.LevelInfo, nil
}

// parseLevel reads Lambda's level names and the Python names that
// Powertools also accepts (WARNING, CRITICAL), in any case.
func parseLevel(s string) (slog.Level, bool) {
	switch strings.ToUpper(s) {
	case "TRACE":
		return LevelTrace, true
	case "DEBUG":
		return slog.LevelDebug, true
	case "INFO":
		return slog.LevelInfo, true
	case "WARN", "WARNING":
		return slog.LevelWarn, true
	case "ERROR":
		return slog.LevelError, true
	case "FATAL", "CRITICAL":
		return LevelFatal, true
	}
	return 0, false
}

// replaceLevelName writes LevelTrace and LevelFatal as TRACE and FATAL
// instead of slog's DEBUG-4 and ERROR+4.
func replaceLevelName(groups []string, a slog.Attr) slog.Attr {
	if len(groups) > 0 || a.Key != slog.LevelKey {
		return a
	}
	switch level, _ := a.Value.Any().(slog.Level); level {
	case LevelTrace:
		a.Value = slog.StringValue("TRACE")
	case LevelFatal:
		a.Value = slog.StringValue("FATAL")
	}
	return a
}

// replaceJSONAttr renames slog's time and msg keys to the timestamp and
// message keys of Lambda's JSON log format, and names the extra levels.
func replaceJSONAttr(groups []string, a slog.Attr) slog.Attr {
	if len(groups) == 0 {
		switch a.Key {
		case slog.TimeKey:
			a.Key = "timestamp"
		case slog.MessageKey:
			a.Key = "message"
		}
	}
	return replaceLevelName(groups, a)
}
