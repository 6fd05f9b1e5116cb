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

// Runtime settings that every template must give its function.
const (
	wantRuntime      = "provided.al2023"
	wantHandler      = "bootstrap"
	wantArchitecture = "arm64"
)

// checkFunctionSettings checks the runtime, handler and architectures of a
// template's function.
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

// exampleRoutes returns the API Gateway route keys ("GET /users/{user_id}")
// of the routes that examples/<example>/main.go registers, read from its
// source: every Get, Post, ... call with a literal path, the Swagger UI
// routes of an EnableSwagger call, and, when the resolver is built with
// WithCORS, an OPTIONS route on every path because the app then responds to
// CORS preflights itself. The templates must list exactly these.
func exampleRoutes(t *testing.T, root, example string) []string {
	t.Helper()
	file := filepath.Join(root, "examples", example, "main.go")
	f, err := parser.ParseFile(token.NewFileSet(), file, nil, 0)
	if err != nil {
		t.Fatalf("parsing %s: %v", file, err)
	}
	var keys []string
	cors := false
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
				t.Fatalf("examples/%s: a %s call has a path that is not a string literal; "+
					"this test reads literal paths only", example, name)
			}
			p, err := strconv.Unquote(lit.Value)
			if err != nil {
				t.Fatal(err)
			}
			keys = append(keys, routeMethods[name]+" "+apiGatewayPath(p))
		case name == "Route":
			t.Fatalf("examples/%s registers a route with Route; teach exampleRoutes to read it", example)
		case name == "EnableSwagger":
			keys = append(keys, swaggerRoutes(t, example, call)...)
		case name == "WithCORS":
			cors = true
		}
		return true
	})
	if len(keys) == 0 {
		t.Fatalf("found no route registrations in %s", file)
	}
	if cors {
		keys = append(keys, preflightRoutes(keys)...)
	}
	slices.Sort(keys)
	return keys
}

// preflightRoutes returns "OPTIONS <path>" for every path of keys that has
// no OPTIONS route yet.
func preflightRoutes(keys []string) []string {
	var preflights []string
	for _, key := range keys {
		_, p, _ := strings.Cut(key, " ")
		preflight := "OPTIONS " + p
		if !slices.Contains(keys, preflight) && !slices.Contains(preflights, preflight) {
			preflights = append(preflights, preflight)
		}
	}
	return preflights
}

// swaggerRoutes returns the routes that an EnableSwagger(router.SwaggerConfig{...})
// call registers: the page, and the embedded asset files unless
// AssetsBaseURL is set.
func swaggerRoutes(t *testing.T, example string, call *ast.CallExpr) []string {
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
						t.Fatalf("examples/%s: SwaggerConfig.Path is not a string literal", example)
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

// samTemplate contains the parts of a SAM template in deploy/sam that the
// tests check.
type samTemplate struct {
	Transform  string                  `yaml:"Transform"`
	Parameters map[string]samParameter `yaml:"Parameters"`
	Resources  map[string]samResource  `yaml:"Resources"`
}

type samParameter struct {
	Type          string   `yaml:"Type"`
	AllowedValues []string `yaml:"AllowedValues"`
}

// samResource is a resource with the properties of an
// AWS::Serverless::Function. samResources decodes the properties of
// other resource types.
type samResource struct {
	Type       string                `yaml:"Type"`
	DependsOn  yaml.Node             `yaml:"DependsOn"`
	Properties samFunctionProperties `yaml:"Properties"`
}

type samFunctionProperties struct {
	CodeURI           string              `yaml:"CodeUri"`
	Handler           string              `yaml:"Handler"`
	Runtime           string              `yaml:"Runtime"`
	Architectures     []string            `yaml:"Architectures"`
	Events            map[string]samEvent `yaml:"Events"`
	FunctionURLConfig *struct {
		AuthType yaml.Node `yaml:"AuthType"`
	} `yaml:"FunctionUrlConfig"`
	Environment struct {
		Variables map[string]string `yaml:"Variables"`
	} `yaml:"Environment"`
}

type samEvent struct {
	Type       string `yaml:"Type"`
	Properties struct {
		Path   string `yaml:"Path"`
		Method string `yaml:"Method"`
	} `yaml:"Properties"`
}

// samStack is a parsed template of deploy/sam, the example it deploys and
// the logical ID of its only function.
type samStack struct {
	root, example, file string
	data                []byte
	tmpl                samTemplate
	functionID          string
}

func (s samStack) function() samFunctionProperties {
	return s.tmpl.Resources[s.functionID].Properties
}

// loadSAMStack parses deploy/sam/<file>, checks its transform and that it
// has exactly one function with the runtime settings of checkFunctionSettings.
func loadSAMStack(t *testing.T, root, file, example string) samStack {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(root, "deploy", "sam", file))
	if err != nil {
		t.Fatal(err)
	}
	var tmpl samTemplate
	if err := yaml.Unmarshal(data, &tmpl); err != nil {
		t.Fatalf("parsing deploy/sam/%s: %v", file, err)
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
		t.Fatalf("deploy/sam/%s has functions %q, want exactly one", file, functions)
	}
	s := samStack{root: root, example: example, file: file, data: data, tmpl: tmpl, functionID: functions[0]}
	fn := s.function()
	checkFunctionSettings(t, fn.Runtime, fn.Handler, fn.Architectures)
	return s
}

// samResources decodes the properties of every resource of type typ in
// the stack's template into a new T each, by logical ID.
func samResources[T any](t *testing.T, s samStack, typ string) map[string]T {
	t.Helper()
	var raw struct {
		Resources map[string]struct {
			Type       string    `yaml:"Type"`
			Properties yaml.Node `yaml:"Properties"`
		} `yaml:"Resources"`
	}
	if err := yaml.Unmarshal(s.data, &raw); err != nil {
		t.Fatalf("parsing deploy/sam/%s: %v", s.file, err)
	}
	out := map[string]T{}
	for id, r := range raw.Resources {
		if r.Type != typ {
			continue
		}
		var props T
		if err := r.Properties.Decode(&props); err != nil {
			t.Fatalf("decoding the properties of %s (%s): %v", id, typ, err)
		}
		out[id] = props
	}
	return out
}

// onlySAMResource returns the logical ID and properties of the one
// resource of type typ, and fails the test unless there is exactly one.
func onlySAMResource[T any](t *testing.T, s samStack, typ string) (string, T) {
	t.Helper()
	found := samResources[T](t, s, typ)
	if len(found) != 1 {
		t.Fatalf("deploy/sam/%s has %d resources of type %s, want 1", s.file, len(found), typ)
	}
	var id string
	for id = range found {
	}
	return id, found[id]
}

// refTarget returns the logical ID that a Ref or Fn::GetAtt node names,
// in short or long form ("AlbFunction" for !GetAtt AlbFunction.Arn), or ""
// for any other node.
func refTarget(n yaml.Node) string {
	switch {
	case n.Kind == yaml.ScalarNode && n.Tag == "!Ref":
		return n.Value
	case n.Kind == yaml.ScalarNode && n.Tag == "!GetAtt":
		id, _, _ := strings.Cut(n.Value, ".")
		return id
	case n.Kind == yaml.SequenceNode && n.Tag == "!GetAtt" && len(n.Content) == 2:
		return n.Content[0].Value
	case n.Kind == yaml.MappingNode && len(n.Content) == 2 && n.Content[0].Value == "Ref":
		return n.Content[1].Value
	case n.Kind == yaml.MappingNode && len(n.Content) == 2 && n.Content[0].Value == "Fn::GetAtt":
		return refTarget(yaml.Node{Kind: n.Content[1].Kind, Tag: "!GetAtt", Value: n.Content[1].Value, Content: n.Content[1].Content})
	}
	return ""
}

// dependsOn returns the logical IDs in a resource's DependsOn, which is
// one name or a list of names.
func dependsOn(r samResource) []string {
	switch r.DependsOn.Kind {
	case yaml.ScalarNode:
		return []string{r.DependsOn.Value}
	case yaml.SequenceNode:
		var ids []string
		for _, n := range r.DependsOn.Content {
			ids = append(ids, n.Value)
		}
		return ids
	}
	return nil
}

// lambdaPermission contains the checked properties of an AWS::Lambda::Permission.
type lambdaPermission struct {
	Action                string    `yaml:"Action"`
	FunctionName          yaml.Node `yaml:"FunctionName"`
	Principal             string    `yaml:"Principal"`
	FunctionURLAuthType   string    `yaml:"FunctionUrlAuthType"`
	InvokedViaFunctionURL bool      `yaml:"InvokedViaFunctionUrl"`
}

// findPermission returns the logical ID of the permission that lets
// principal run action on the stack's function, or fails the test.
// match, when not nil, must also accept the permission.
func findPermission(t *testing.T, s samStack, principal, action string, match func(lambdaPermission) bool) string {
	t.Helper()
	for id, p := range samResources[lambdaPermission](t, s, "AWS::Lambda::Permission") {
		if p.Principal == principal && p.Action == action && refTarget(p.FunctionName) == s.functionID &&
			(match == nil || match(p)) {
			return id
		}
	}
	t.Fatalf("deploy/sam/%s has no AWS::Lambda::Permission that grants %s %s on %s",
		s.file, principal, action, s.functionID)
	return ""
}

// checkREADMECommands checks that deploy/README.md builds the example into
// the folder that the function's CodeUri names and deploys the template.
func checkREADMECommands(t *testing.T, s samStack) {
	t.Helper()
	readme, err := os.ReadFile(filepath.Join(s.root, "deploy", "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	codeURI := s.function().CodeURI
	build := "go build -o " + path.Join("deploy/sam", codeURI, "bootstrap") + " ./examples/" + s.example
	if !bytes.Contains(readme, []byte(build)) {
		t.Errorf("deploy/README.md does not build examples/%s into CodeUri %q; want %q", s.example, codeURI, build)
	}
	deploy := "sam deploy --guided --template-file " + path.Join("deploy/sam", s.file)
	if !bytes.Contains(readme, []byte(deploy)) {
		t.Errorf("deploy/README.md does not deploy deploy/sam/%s; want %q", s.file, deploy)
	}
}

// checkAPIEvents returns a check that the function's events all have type
// eventType ("Api" or "HttpApi") and match the example's routes one to one.
func checkAPIEvents(eventType string) func(*testing.T, samStack) {
	return func(t *testing.T, s samStack) {
		t.Helper()
		var keys []string
		for name, ev := range s.function().Events {
			if ev.Type != eventType {
				t.Errorf("event %s has Type %q, want %s", name, ev.Type, eventType)
			}
			keys = append(keys, strings.ToUpper(ev.Properties.Method)+" "+ev.Properties.Path)
		}
		slices.Sort(keys)
		if want := exampleRoutes(t, s.root, s.example); !slices.Equal(keys, want) {
			t.Errorf("the template's %s events are\n%q\nwant the routes of examples/%s\n%q",
				eventType, keys, s.example, want)
		}
	}
}

// checkParameterRef checks that n is a Ref to a template parameter of one
// of the given types.
func checkParameterRef(t *testing.T, s samStack, property string, n yaml.Node, types ...string) {
	t.Helper()
	name := refTarget(n)
	p, ok := s.tmpl.Parameters[name]
	if !ok {
		t.Errorf("%s is not a Ref to a template parameter", property)
		return
	}
	if !slices.Contains(types, p.Type) {
		t.Errorf("%s refers to parameter %s of type %q, want one of %q", property, name, p.Type, types)
	}
}

// checkALBTarget checks the load balancer, its listener and the lambda
// target group that forwards to the function.
func checkALBTarget(t *testing.T, s samStack) {
	type targetGroup struct {
		TargetType string `yaml:"TargetType"`
		Targets    []struct {
			ID yaml.Node `yaml:"Id"`
		} `yaml:"Targets"`
	}
	tgID, tg := onlySAMResource[targetGroup](t, s, "AWS::ElasticLoadBalancingV2::TargetGroup")
	if tg.TargetType != "lambda" {
		t.Errorf("target group %s has TargetType %q, want lambda", tgID, tg.TargetType)
	}
	if len(tg.Targets) != 1 || refTarget(tg.Targets[0].ID) != s.functionID {
		t.Errorf("target group %s must have one target, the function %s", tgID, s.functionID)
	}

	permID := findPermission(t, s, "elasticloadbalancing.amazonaws.com", "lambda:InvokeFunction", nil)
	// Elastic Load Balancing checks the permission when it registers the
	// function, so the target group must be created after it.
	if !slices.Contains(dependsOn(s.tmpl.Resources[tgID]), permID) {
		t.Errorf("target group %s does not depend on the permission %s", tgID, permID)
	}

	type loadBalancer struct {
		Type           string      `yaml:"Type"`
		Subnets        yaml.Node   `yaml:"Subnets"`
		SecurityGroups []yaml.Node `yaml:"SecurityGroups"`
	}
	lbID, lb := onlySAMResource[loadBalancer](t, s, "AWS::ElasticLoadBalancingV2::LoadBalancer")
	if lb.Type != "" && lb.Type != "application" {
		t.Errorf("load balancer %s has Type %q, want application", lbID, lb.Type)
	}
	checkParameterRef(t, s, "the load balancer's Subnets", lb.Subnets, "List<AWS::EC2::Subnet::Id>")
	if len(lb.SecurityGroups) == 0 {
		t.Errorf("load balancer %s has no SecurityGroups", lbID)
	}
	for _, sg := range lb.SecurityGroups {
		checkParameterRef(t, s, "a security group of the load balancer", sg, "AWS::EC2::SecurityGroup::Id")
	}

	type listener struct {
		LoadBalancerArn yaml.Node `yaml:"LoadBalancerArn"`
		DefaultActions  []struct {
			Type           string    `yaml:"Type"`
			TargetGroupArn yaml.Node `yaml:"TargetGroupArn"`
		} `yaml:"DefaultActions"`
	}
	listenerID, l := onlySAMResource[listener](t, s, "AWS::ElasticLoadBalancingV2::Listener")
	if refTarget(l.LoadBalancerArn) != lbID {
		t.Errorf("listener %s is not on load balancer %s", listenerID, lbID)
	}
	if len(l.DefaultActions) != 1 || l.DefaultActions[0].Type != "forward" ||
		refTarget(l.DefaultActions[0].TargetGroupArn) != tgID {
		t.Errorf("listener %s must have one default action that forwards to target group %s", listenerID, tgID)
	}
}

// checkFunctionURL checks that the function has a URL whose AuthType is
// a parameter that allows AWS_IAM and NONE, and that the template grants
// the public access that NONE needs.
func checkFunctionURL(t *testing.T, s samStack) {
	cfg := s.function().FunctionURLConfig
	if cfg == nil {
		t.Fatalf("function %s has no FunctionUrlConfig", s.functionID)
	}
	name := refTarget(cfg.AuthType)
	p, ok := s.tmpl.Parameters[name]
	if !ok {
		t.Fatalf("FunctionUrlConfig.AuthType is not a Ref to a template parameter")
	}
	allowed := slices.Sorted(slices.Values(p.AllowedValues))
	if want := []string{"AWS_IAM", "NONE"}; !slices.Equal(allowed, want) {
		t.Errorf("parameter %s allows %q, want %q", name, allowed, want)
	}

	// SAM adds these two permissions itself only for a literal NONE, and a
	// public URL needs both.
	findPermission(t, s, "*", "lambda:InvokeFunctionUrl", func(p lambdaPermission) bool {
		return p.FunctionURLAuthType == "NONE"
	})
	findPermission(t, s, "*", "lambda:InvokeFunction", func(p lambdaPermission) bool {
		return p.InvokedViaFunctionURL
	})
}

// checkLatticeTarget checks the VPC Lattice service, its listener and the
// LAMBDA target group that forwards to the function.
func checkLatticeTarget(t *testing.T, s samStack) {
	type targetGroup struct {
		Type   string `yaml:"Type"`
		Config struct {
			LambdaEventStructureVersion string `yaml:"LambdaEventStructureVersion"`
		} `yaml:"Config"`
		Targets []struct {
			ID yaml.Node `yaml:"Id"`
		} `yaml:"Targets"`
	}
	tgID, tg := onlySAMResource[targetGroup](t, s, "AWS::VpcLattice::TargetGroup")
	if tg.Type != "LAMBDA" {
		t.Errorf("target group %s has Type %q, want LAMBDA", tgID, tg.Type)
	}
	// examples/lattice starts its version 1 resolver only when
	// LAMBDAROUTE_LATTICE_VERSION is "1", and its version 2 resolver
	// otherwise.
	wantVersion := "V2"
	if s.function().Environment.Variables["LAMBDAROUTE_LATTICE_VERSION"] == "1" {
		wantVersion = "V1"
	}
	if got := tg.Config.LambdaEventStructureVersion; got != wantVersion {
		t.Errorf("target group %s has LambdaEventStructureVersion %q, want %s for the resolver that the function starts",
			tgID, got, wantVersion)
	}
	if len(tg.Targets) != 1 || refTarget(tg.Targets[0].ID) != s.functionID {
		t.Errorf("target group %s must have one target, the function %s", tgID, s.functionID)
	}

	findPermission(t, s, "vpc-lattice.amazonaws.com", "lambda:InvokeFunction", nil)

	serviceID, _ := onlySAMResource[struct{}](t, s, "AWS::VpcLattice::Service")
	type listener struct {
		ServiceIdentifier yaml.Node `yaml:"ServiceIdentifier"`
		DefaultAction     struct {
			Forward struct {
				TargetGroups []struct {
					TargetGroupIdentifier yaml.Node `yaml:"TargetGroupIdentifier"`
				} `yaml:"TargetGroups"`
			} `yaml:"Forward"`
		} `yaml:"DefaultAction"`
	}
	listenerID, l := onlySAMResource[listener](t, s, "AWS::VpcLattice::Listener")
	if refTarget(l.ServiceIdentifier) != serviceID {
		t.Errorf("listener %s is not on service %s", listenerID, serviceID)
	}
	groups := l.DefaultAction.Forward.TargetGroups
	if len(groups) != 1 || refTarget(groups[0].TargetGroupIdentifier) != tgID {
		t.Errorf("listener %s must forward to target group %s only", listenerID, tgID)
	}
}

func TestSAMTemplate(t *testing.T) {
	s := loadSAMStack(t, repoRoot(t), "template.yaml", "quickstart")
	checkAPIEvents("HttpApi")(t, s)
	checkREADMECommands(t, s)
}

// TestDeploySAMExamples checks the template in deploy/sam that deploys
// each example behind its event source, and lints it.
func TestDeploySAMExamples(t *testing.T) {
	root := repoRoot(t)
	tests := []struct {
		example     string // folder in examples/ and template name in deploy/sam
		checkSource func(*testing.T, samStack)
	}{
		{"rest", checkAPIEvents("Api")},
		{"httpapi", checkAPIEvents("HttpApi")},
		{"alb", checkALBTarget},
		{"functionurl", checkFunctionURL},
		{"lattice", checkLatticeTarget},
	}
	for _, tt := range tests {
		t.Run(tt.example, func(t *testing.T) {
			file := tt.example + ".yaml"
			s := loadSAMStack(t, root, file, tt.example)
			if got, want := s.function().CodeURI, "build/"+tt.example; got != want {
				t.Errorf("CodeUri = %q, want %q", got, want)
			}
			checkREADMECommands(t, s)
			tt.checkSource(t, s)
			t.Run("cfn-lint", func(t *testing.T) {
				runCfnLint(t, filepath.Join(root, "deploy", "sam", file))
			})
		})
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
		if want := exampleRoutes(t, root, "quickstart"); !slices.Equal(keys, want) {
			t.Errorf("the API's routes are\n%q\nwant the quickstart's routes\n%q", keys, want)
		}
	})

	t.Run("cfn-lint", func(t *testing.T) {
		// W3005: CDK gives the function an explicit DependsOn on its role
		// next to the GetAtt that already implies it.
		runCfnLint(t, templatePath, "W3005")
	})
}
