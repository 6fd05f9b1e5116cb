package docs_test

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/json"
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"go.yaml.in/yaml/v4"

	"github.com/lambdaroute/lambdaroute/openapi"
)

// Runtime settings that both templates must give the quickstart function.
const (
	wantRuntime      = "provided.al2023"
	wantHandler      = "bootstrap"
	wantArchitecture = "arm64"
)

// checkFunctionSettings checks a template's runtime, handler and
// architectures for the quickstart function.
func checkFunctionSettings(t *testing.T, runtime, handler string, architectures []string) {
	t.Helper()
	if runtime != wantRuntime {
		t.Errorf("Runtime = %q, want %q", runtime, wantRuntime)
	}
	if handler != wantHandler {
		t.Errorf("Handler = %q, want %q", handler, wantHandler)
	}
	if !slices.Equal(architectures, []string{wantArchitecture}) {
		t.Errorf("Architectures = %q, want [%s]", architectures, wantArchitecture)
	}
}

// routeMethods maps the router's registration methods to HTTP methods.
var routeMethods = map[string]string{
	"Get": "GET", "Post": "POST", "Put": "PUT", "Patch": "PATCH",
	"Delete": "DELETE", "Head": "HEAD", "Options": "OPTIONS",
}

// quickstartRoutes returns the API Gateway route keys ("GET /users/{user_id}")
// of the routes that examples/quickstart/main.go registers, read from its
// source: every Get, Post, ... call with a literal path, and the Swagger UI
// routes of its EnableSwagger call. The templates must list exactly these.
func quickstartRoutes(t *testing.T, root string) []string {
	t.Helper()
	file := filepath.Join(root, "examples", "quickstart", "main.go")
	f, err := parser.ParseFile(token.NewFileSet(), file, nil, 0)
	if err != nil {
		t.Fatalf("parsing %s: %v", file, err)
	}
	var keys []string
	ast.Inspect(f, func(n ast.Node) bool {
		call, ok := n.(*ast.CallExpr)
		if !ok {
			return true
		}
		sel, ok := call.Fun.(*ast.SelectorExpr)
		if !ok {
			return true
		}
		switch name := sel.Sel.Name; {
		case routeMethods[name] != "" && len(call.Args) > 0:
			lit, ok := call.Args[0].(*ast.BasicLit)
			if !ok || lit.Kind != token.STRING {
				t.Fatalf("examples/quickstart: a %s call has a path that is not a string literal; "+
					"this test reads literal paths only", name)
			}
			p, err := strconv.Unquote(lit.Value)
			if err != nil {
				t.Fatal(err)
			}
			keys = append(keys, routeMethods[name]+" "+apiGatewayPath(p))
		case name == "Route":
			t.Fatalf("examples/quickstart registers a route with Route; teach quickstartRoutes to read it")
		case name == "EnableSwagger":
			keys = append(keys, swaggerRoutes(t, call)...)
		}
		return true
	})
	if len(keys) == 0 {
		t.Fatalf("found no route registrations in %s", file)
	}
	slices.Sort(keys)
	return keys
}

// swaggerRoutes returns the routes that an EnableSwagger(router.SwaggerConfig{...})
// call registers: the page, and the embedded asset files unless
// AssetsBaseURL is set.
func swaggerRoutes(t *testing.T, call *ast.CallExpr) []string {
	t.Helper()
	page, localAssets := "/swagger", true
	if len(call.Args) == 1 {
		if lit, ok := call.Args[0].(*ast.CompositeLit); ok {
			for _, elt := range lit.Elts {
				kv, ok := elt.(*ast.KeyValueExpr)
				if !ok {
					continue
				}
				switch key := kv.Key.(*ast.Ident); {
				case key == nil:
				case key.Name == "AssetsBaseURL":
					localAssets = false
				case key.Name == "Path":
					v, ok := kv.Value.(*ast.BasicLit)
					if !ok {
						t.Fatalf("examples/quickstart: SwaggerConfig.Path is not a string literal")
					}
					p, err := strconv.Unquote(v.Value)
					if err != nil {
						t.Fatal(err)
					}
					page = path.Clean("/" + p)
				}
			}
		}
	}
	keys := []string{"GET " + page}
	if localAssets {
		for _, a := range openapi.SwaggerUIAssets() {
			keys = append(keys, "GET "+path.Join(page, a.Name))
		}
	}
	return keys
}

// apiGatewayPath rewrites a lambdaroute pattern in API Gateway's syntax:
// <name> and {name} become {name}, and a catch-all <name...> becomes the
// greedy {name+}.
func apiGatewayPath(pattern string) string {
	segments := strings.Split(pattern, "/")
	for i, s := range segments {
		if len(s) < 2 || !(s[0] == '<' && s[len(s)-1] == '>' || s[0] == '{' && s[len(s)-1] == '}') {
			continue
		}
		name := s[1 : len(s)-1]
		if base, ok := strings.CutSuffix(name, "..."); ok {
			segments[i] = "{" + base + "+}"
		} else {
			segments[i] = "{" + name + "}"
		}
	}
	return strings.Join(segments, "/")
}

func TestAPIGatewayPath(t *testing.T) {
	tests := []struct{ in, want string }{
		{"/health", "/health"},
		{"/users/<user_id>", "/users/{user_id}"},
		{"/users/{user_id}/posts", "/users/{user_id}/posts"},
		{"/files/<path...>", "/files/{path+}"},
	}
	for _, tt := range tests {
		if got := apiGatewayPath(tt.in); got != tt.want {
			t.Errorf("apiGatewayPath(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// samTemplate holds the parts of deploy/sam/template.yaml that the test
// checks.
type samTemplate struct {
	Transform string                 `yaml:"Transform"`
	Resources map[string]samResource `yaml:"Resources"`
}

type samResource struct {
	Type       string `yaml:"Type"`
	Properties struct {
		CodeURI       string              `yaml:"CodeUri"`
		Handler       string              `yaml:"Handler"`
		Runtime       string              `yaml:"Runtime"`
		Architectures []string            `yaml:"Architectures"`
		Events        map[string]samEvent `yaml:"Events"`
	} `yaml:"Properties"`
}

type samEvent struct {
	Type       string `yaml:"Type"`
	Properties struct {
		Path   string `yaml:"Path"`
		Method string `yaml:"Method"`
	} `yaml:"Properties"`
}

func TestSAMTemplate(t *testing.T) {
	root := repoRoot(t)
	data, err := os.ReadFile(filepath.Join(root, "deploy", "sam", "template.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	var tmpl samTemplate
	if err := yaml.Unmarshal(data, &tmpl); err != nil {
		t.Fatalf("parsing deploy/sam/template.yaml: %v", err)
	}
	if tmpl.Transform != "AWS::Serverless-2016-10-31" {
		t.Errorf("Transform = %q, want AWS::Serverless-2016-10-31", tmpl.Transform)
	}

	var functions []string
	for name, r := range tmpl.Resources {
		if r.Type == "AWS::Serverless::Function" {
			functions = append(functions, name)
		}
	}
	if len(functions) != 1 {
		t.Fatalf("the template has functions %q, want exactly one", functions)
	}
	fn := tmpl.Resources[functions[0]].Properties
	checkFunctionSettings(t, fn.Runtime, fn.Handler, fn.Architectures)

	var keys []string
	for name, ev := range fn.Events {
		if ev.Type != "HttpApi" {
			t.Errorf("event %s has Type %q, want HttpApi", name, ev.Type)
		}
		keys = append(keys, strings.ToUpper(ev.Properties.Method)+" "+ev.Properties.Path)
	}
	slices.Sort(keys)
	if want := quickstartRoutes(t, root); !slices.Equal(keys, want) {
		t.Errorf("the template's HttpApi events are\n%q\nwant the quickstart's routes\n%q", keys, want)
	}

	// The go build command in deploy/README.md must write the binary into
	// the folder that CodeUri names.
	readme, err := os.ReadFile(filepath.Join(root, "deploy", "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	wantOutput := "-o " + path.Join("deploy/sam", fn.CodeURI, "bootstrap")
	if !bytes.Contains(readme, []byte(wantOutput)) {
		t.Errorf("deploy/README.md does not build the binary into CodeUri %q; want a go build with %q",
			fn.CodeURI, wantOutput)
	}
}

// runCfnLint lints a CloudFormation template with cfn-lint, or skips the
// test when cfn-lint is not installed. ignore lists rule ids to leave out.
func runCfnLint(t *testing.T, template string, ignore ...string) {
	t.Helper()
	lint, err := exec.LookPath("cfn-lint")
	if err != nil {
		t.Skip("cfn-lint is not installed (pip install cfn-lint); the template's structure is still checked")
	}
	args := []string{"--format", "parseable"}
	if len(ignore) > 0 {
		args = append(args, "--ignore-checks", strings.Join(ignore, ","))
	}
	args = append(args, "--", template)
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	out, err := exec.CommandContext(ctx, lint, args...).CombinedOutput()
	if err != nil {
		t.Errorf("cfn-lint %s failed (%v):\n%s", template, err, out)
	}
}

func TestSAMTemplateLint(t *testing.T) {
	root := repoRoot(t)
	runCfnLint(t, filepath.Join(root, "deploy", "sam", "template.yaml"))
}

// cfnTemplate holds the resources of a synthesized CloudFormation template.
type cfnTemplate struct {
	Resources map[string]struct {
		Type       string          `json:"Type"`
		Properties json.RawMessage `json:"Properties"`
	} `json:"Resources"`
}

// resourcesOfType decodes the properties of every resource of type typ
// into a new T each.
func resourcesOfType[T any](t *testing.T, tmpl cfnTemplate, typ string) []T {
	t.Helper()
	var out []T
	for name, r := range tmpl.Resources {
		if r.Type != typ {
			continue
		}
		var props T
		if err := json.Unmarshal(r.Properties, &props); err != nil {
			t.Fatalf("decoding the properties of %s (%s): %v", name, typ, err)
		}
		out = append(out, props)
	}
	return out
}

// lambdaFunction holds the checked properties of an AWS::Lambda::Function.
type lambdaFunction struct {
	Runtime       string   `json:"Runtime"`
	Handler       string   `json:"Handler"`
	Architectures []string `json:"Architectures"`
	Code          struct {
		S3Key string `json:"S3Key"`
	} `json:"Code"`
}

// cdkTimeout bounds each npm and cdk command, so that a registry that does
// not respond fails the test instead of stalling CI.
const cdkTimeout = 10 * time.Minute

// runLogged runs a command in dir with extra environment variables, fails
// the test with its output when it fails, and returns how long it took.
func runLogged(t *testing.T, dir string, env []string, name string, args ...string) time.Duration {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), cdkTimeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, name, args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), env...)
	start := time.Now()
	out, err := cmd.CombinedOutput()
	took := time.Since(start)
	if err != nil {
		t.Fatalf("%s %s (in %s) failed after %v: %v\n%s", name, strings.Join(args, " "), dir, took.Round(time.Millisecond), err, out)
	}
	return took
}

// TestCDKSynth builds the quickstart for arm64, synthesizes the CDK app
// offline and checks the template. It needs npx, and downloads the npm
// packages on the first run, so it runs only in CI or on request.
func TestCDKSynth(t *testing.T) {
	npx, err := exec.LookPath("npx")
	if err != nil {
		t.Skip("npx is not on PATH; install Node.js 20 or later to synthesize the CDK app")
	}
	if os.Getenv("CI") != "true" && os.Getenv("LAMBDAROUTE_CDK") != "1" {
		t.Skip("synthesizing the CDK app runs with CI=true or LAMBDAROUTE_CDK=1")
	}
	root := repoRoot(t)
	cdkDir := filepath.Join(root, "deploy", "cdk")

	assetDir := t.TempDir()
	binary := filepath.Join(assetDir, "bootstrap")
	took := runLogged(t, root, []string{"CGO_ENABLED=0", "GOOS=linux", "GOARCH=arm64"},
		"go", "build", "-o", binary, "./examples/quickstart")
	t.Logf("go build of the arm64 bootstrap: %v", took.Round(time.Millisecond))

	if _, err := os.Stat(filepath.Join(cdkDir, "node_modules")); os.IsNotExist(err) {
		took := runLogged(t, cdkDir, nil, "npm", "ci", "--no-audit", "--no-fund")
		t.Logf("npm ci: %v", took.Round(time.Millisecond))
	}

	outDir := t.TempDir()
	env := []string{
		"CDK_DISABLE_VERSION_CHECK=true",
		"LAMBDAROUTE_BOOTSTRAP_DIR=" + assetDir,
	}
	// --no keeps npx from installing anything, so cdk must come from
	// node_modules, and "--" keeps npm from reading cdk's flags as its
	// own. --no-notices skips the download of CDK notices.
	took = runLogged(t, cdkDir, env, npx, "--no", "--", "cdk", "synth", "--quiet", "--no-notices", "--output", outDir)
	t.Logf("cdk synth: %v", took.Round(time.Millisecond))

	templatePath := filepath.Join(outDir, "LambdarouteQuickstart.template.json")
	data, err := os.ReadFile(templatePath)
	if err != nil {
		t.Fatalf("reading the synthesized template: %v", err)
	}
	var tmpl cfnTemplate
	if err := json.Unmarshal(data, &tmpl); err != nil {
		t.Fatalf("parsing %s: %v", templatePath, err)
	}

	t.Run("function", func(t *testing.T) {
		fns := resourcesOfType[lambdaFunction](t, tmpl, "AWS::Lambda::Function")
		if len(fns) != 1 {
			t.Fatalf("the template has %d Lambda functions, want 1", len(fns))
		}
		fn := fns[0]
		checkFunctionSettings(t, fn.Runtime, fn.Handler, fn.Architectures)

		// The asset is the folder given to lambda.Code.fromAsset, staged
		// under cdk.out as asset.<hash>; its bootstrap must be the binary
		// built above, unchanged by any bundling.
		hash, ok := strings.CutSuffix(fn.Code.S3Key, ".zip")
		if !ok {
			t.Fatalf("Code.S3Key = %q, want <asset hash>.zip", fn.Code.S3Key)
		}
		staged, err := os.ReadFile(filepath.Join(outDir, "asset."+hash, "bootstrap"))
		if err != nil {
			t.Fatalf("reading the staged asset: %v", err)
		}
		built, err := os.ReadFile(binary)
		if err != nil {
			t.Fatal(err)
		}
		if sha256.Sum256(staged) != sha256.Sum256(built) {
			t.Errorf("the staged bootstrap (%d bytes) is not the binary built for the test (%d bytes)", len(staged), len(built))
		}
	})

	t.Run("http api", func(t *testing.T) {
		type api struct {
			ProtocolType string `json:"ProtocolType"`
		}
		apis := resourcesOfType[api](t, tmpl, "AWS::ApiGatewayV2::Api")
		if len(apis) != 1 || apis[0].ProtocolType != "HTTP" {
			t.Errorf("APIs = %+v, want one with ProtocolType HTTP", apis)
		}

		type integration struct {
			IntegrationType      string `json:"IntegrationType"`
			PayloadFormatVersion string `json:"PayloadFormatVersion"`
		}
		for _, in := range resourcesOfType[integration](t, tmpl, "AWS::ApiGatewayV2::Integration") {
			if in.IntegrationType != "AWS_PROXY" || in.PayloadFormatVersion != "2.0" {
				t.Errorf("integration = %+v, want AWS_PROXY with payload format 2.0", in)
			}
		}

		type route struct {
			RouteKey string `json:"RouteKey"`
		}
		var keys []string
		for _, r := range resourcesOfType[route](t, tmpl, "AWS::ApiGatewayV2::Route") {
			keys = append(keys, r.RouteKey)
		}
		slices.Sort(keys)
		if want := quickstartRoutes(t, root); !slices.Equal(keys, want) {
			t.Errorf("the API's routes are\n%q\nwant the quickstart's routes\n%q", keys, want)
		}
	})

	t.Run("cfn-lint", func(t *testing.T) {
		// W3005: CDK gives the function an explicit DependsOn on its role
		// next to the GetAtt that already implies it.
		runCfnLint(t, templatePath, "W3005")
	})
}
