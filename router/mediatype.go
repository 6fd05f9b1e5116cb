package router

import "strings"

// mediaType returns the lower-case type/subtype of a Content-Type value,
// without parameters such as charset.
func mediaType(contentType string) string {
	if i := strings.IndexByte(contentType, ';'); i >= 0 {
		contentType = contentType[:i]
	}
	return strings.ToLower(strings.TrimSpace(contentType))
}

// isTextualType reports whether a body of this content type is text. An
// empty content type counts as text so that bodies without one are sent
// unchanged.
func isTextualType(contentType string) bool {
	mt := mediaType(contentType)
	switch {
	case mt == "":
		return true
	case strings.HasPrefix(mt, "text/"):
		return true
	case strings.HasSuffix(mt, "+json"), strings.HasSuffix(mt, "+xml"):
		return true
	}
	switch mt {
	case "application/json", "application/xml", "application/javascript",
		"application/x-www-form-urlencoded", "application/graphql",
		"application/x-ndjson", "image/svg+xml":
		return true
	}
	return false
}
