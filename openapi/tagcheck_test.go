package openapi

import (
	"reflect"
	"strings"
	"testing"
	"time"
)

func TestCheckTags(t *testing.T) {
	type inner struct {
		Name string `jsonschema:"maxLen=3"`
	}
	tests := []struct {
		name string
		typ  reflect.Type
		want string // "" when the tags are valid
	}{
		{"valid tags", reflect.TypeFor[struct {
			N    int       `jsonschema:"minimum=1,maximum=10,default=5"`
			S    string    `jsonschema:"required,minLength=1,maxLength=3,pattern=^a,enum=a\\,b,enum=c"`
			L    []int     `jsonschema:"minItems=1,uniqueItems=true"`
			T    time.Time `jsonschema:"minLength=1,description=when"`
			Skip string    `jsonschema:"-"`
		}](), ""},
		{"unknown keyword", reflect.TypeFor[struct {
			S string `jsonschema:"maxLen=3"`
		}](), `unknown keyword "maxLen"`},
		{"number that does not parse", reflect.TypeFor[struct {
			N int `jsonschema:"minimum=abc"`
		}](), "minimum=abc is not a number"},
		{"length that is not whole", reflect.TypeFor[struct {
			S string `jsonschema:"minLength=1.5"`
		}](), "minLength=1.5 is not a whole number"},
		{"string keyword on int", reflect.TypeFor[struct {
			N int `jsonschema:"minLength=1"`
		}](), "minLength applies to strings"},
		{"number keyword on string", reflect.TypeFor[struct {
			S string `jsonschema:"maximum=3"`
		}](), "maximum applies to numbers"},
		{"bare word", reflect.TypeFor[struct {
			S string `jsonschema:"requried"`
		}](), `"requried" is not a keyword`},
		{"nested struct", reflect.TypeFor[struct {
			Items []inner
		}](), "field Name"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := checkTags(tt.typ)
			if tt.want == "" {
				if err != nil {
					t.Fatalf("checkTags: %v", err)
				}
				return
			}
			if err == nil {
				t.Fatalf("checkTags returned no error, want one mentioning %q", tt.want)
			}
			if !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error %q does not mention %q", err, tt.want)
			}
		})
	}
}
