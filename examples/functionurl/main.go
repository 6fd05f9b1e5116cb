// Command functionurl serves sales reports from a Lambda function URL.
//
// It shows how bodies travel: JSON and CSV go out as text, a PNG goes out
// base64-encoded with isBase64Encoded set, and routes with the Compress
// option are gzipped (then also base64) when the client's Accept-Encoding
// allows gzip. Function URLs have no stage, and their rawPath is still
// percent-encoded, so "/reports/north%20east" routes with region
// "north east". Under Lambda it serves invocations; anywhere else it
// serves HTTP on 127.0.0.1:8080 (PORT overrides).
package main

import (
	"bytes"
	"encoding/csv"
	"image"
	"image/color"
	"image/png"
	"mime"
	"net/http"
	"strconv"

	"github.com/lambdaroute/lambdaroute/router"
)

// Sale is one row of a report.
type Sale struct {
	Region string  `json:"region"`
	Month  string  `json:"month"`
	Total  float64 `json:"total"`
}

// salesFor returns generated figures for region: twelve months, so that
// the compressed route has a body worth compressing.
func salesFor(region string) []Sale {
	months := []string{"jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"}
	out := make([]Sale, len(months))
	for i, m := range months {
		out[i] = Sale{Region: region, Month: m, Total: float64(1000 + 125*i)}
	}
	return out
}

// report returns JSON, gzipped when the client accepts it (see newApp).
func report(region string) []Sale {
	return salesFor(region)
}

// reportCSV returns text/csv, which is text and so is not base64-encoded.
func reportCSV(region string) (*router.Response, error) {
	var buf bytes.Buffer
	w := csv.NewWriter(&buf)
	if err := w.Write([]string{"region", "month", "total"}); err != nil {
		return nil, err
	}
	for _, s := range salesFor(region) {
		if err := w.Write([]string{s.Region, s.Month, strconv.FormatFloat(s.Total, 'f', 2, 64)}); err != nil {
			return nil, err
		}
	}
	w.Flush()
	if err := w.Error(); err != nil {
		return nil, err
	}
	resp := &router.Response{StatusCode: http.StatusOK, Header: http.Header{}, Body: buf.Bytes()}
	resp.Header.Set("Content-Type", "text/csv; charset=utf-8")
	// FormatMediaType quotes the file name, whatever characters the
	// region's path segment held.
	resp.Header.Set("Content-Disposition", mime.FormatMediaType("attachment", map[string]string{"filename": region + ".csv"}))
	return resp, nil
}

// chart returns a tiny PNG bar chart; image bytes are binary, so the body
// is sent base64-encoded.
func chart(region string) (*router.Response, error) {
	sales := salesFor(region)
	img := image.NewRGBA(image.Rect(0, 0, len(sales)*4, 32))
	for i, s := range sales {
		height := int(s.Total / 100)
		for x := i * 4; x < i*4+3; x++ {
			for y := 32 - min(height, 32); y < 32; y++ {
				img.Set(x, y, color.RGBA{R: 30, G: 90, B: 200, A: 255})
			}
		}
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		return nil, err
	}
	resp := &router.Response{StatusCode: http.StatusOK, Header: http.Header{}, Body: buf.Bytes()}
	resp.Header.Set("Content-Type", "image/png")
	return resp, nil
}

func newApp() *router.LambdaFunctionURLResolver {
	app := router.NewLambdaFunctionURLResolver()
	app.Get("/reports/<region>", report, router.Summary("Monthly sales as JSON"), router.Compress())
	app.Get("/reports/<region>/csv", reportCSV, router.Summary("Monthly sales as CSV"))
	app.Get("/reports/<region>/chart", chart, router.Summary("Monthly sales as a PNG chart"))
	return app
}

func main() {
	newApp().Start()
}
