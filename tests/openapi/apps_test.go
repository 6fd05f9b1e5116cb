package openapi_test

import (
	"context"
	"time"

	"github.com/lambdaroute/lambdaroute/asyncbridge"
	"github.com/lambdaroute/lambdaroute/openapi"
	"github.com/lambdaroute/lambdaroute/router"
)

// The small app: the two routes of Powertools' basic OpenAPI example.

// Todo is the small app's model.
type Todo struct {
	Title string `json:"title" jsonschema:"required"`
	Done  bool   `json:"done"`
}

func getTodo(todoID int) Todo   { return Todo{Title: "todo"} }
func createTodo(todo Todo) Todo { return todo }
func newSmallApp() *router.APIGatewayRestResolver {
	app := router.NewAPIGatewayRestResolver(router.WithValidation())
	app.Get("/todos/<todo_id>", getTodo, router.Summary("Get todo"), router.Tags("todos"), router.OperationID("getTodo"))
	app.Post("/todos", createTodo)
	app.EnableSwagger(router.SwaggerConfig{})
	return app
}

// The large app: a pet store with every kind of parameter, body and result
// the router documents, security schemes and a sub-router.

// Pet is an animal for sale.
type Pet struct {
	ID         int64      `json:"id" jsonschema:"required,minimum=1"`
	Name       string     `json:"name" jsonschema:"required,minLength=1,maxLength=64"`
	Kind       string     `json:"kind" jsonschema:"required,enum=dog,enum=cat,enum=bird"`
	Tags       []string   `json:"tags,omitempty" jsonschema:"maxItems=5"`
	Owner      *Owner     `json:"owner"`
	BirthDate  *time.Time `json:"birthDate,omitempty"`
	Vaccinated bool       `json:"vaccinated"`
	Weight     float64    `json:"weight,omitempty" jsonschema:"exclusiveMinimum=0,description=Weight in kilograms"`
}

// NewPet is the body that creates a pet.
type NewPet struct {
	Name string   `json:"name" jsonschema:"required,minLength=1,maxLength=64"`
	Kind string   `json:"kind" jsonschema:"required,enum=dog,enum=cat,enum=bird"`
	Tags []string `json:"tags,omitempty" jsonschema:"maxItems=5"`
}

// Owner is a pet's owner.
type Owner struct {
	Name  string `json:"name" jsonschema:"required"`
	Email string `json:"email,omitempty" jsonschema:"format=email"`
}

// Page is one page of a listing.
type Page[T any] struct {
	Items []T     `json:"items"`
	Next  *string `json:"next"`
}

// PetQuery holds the parameters of the pet listing.
type PetQuery struct {
	Limit     int      `query:"limit" jsonschema:"default=20,minimum=1,maximum=100,description=Page size"`
	Kind      string   `query:"kind" jsonschema:"enum=dog,enum=cat,enum=bird"`
	Tags      []string `query:"tag"`
	RequestID string   `header:"x-request-id" jsonschema:"pattern=^[a-f0-9-]+$"`
	Auth      string   `header:"Authorization"`
	Session   string   `cookie:"session"`
}

// PetSummary is the async route's result.
type PetSummary struct {
	ID     int64 `json:"id"`
	Visits int   `json:"visits" jsonschema:"minimum=0"`
}

// Order is a purchase in the store sub-router.
type Order struct {
	ID       int64     `json:"id"`
	PetID    int64     `json:"petId" jsonschema:"required"`
	Quantity int       `json:"quantity" jsonschema:"required,minimum=1"`
	Status   string    `json:"status" jsonschema:"enum=placed,enum=approved,enum=delivered"`
	ShipDate time.Time `json:"shipDate"`
}

var samplePet = Pet{ID: 1, Name: "Rex", Kind: "dog", Vaccinated: true}

func health() string { return "ok" }

func listPets(q PetQuery) Page[Pet] { return Page[Pet]{Items: []Pet{samplePet}} }

func createPet(p NewPet) (Pet, error) {
	return Pet{ID: 2, Name: p.Name, Kind: p.Kind, Tags: p.Tags}, nil
}

func getPet(petID int64) (*Pet, error) {
	if petID != samplePet.ID {
		return nil, router.NotFoundError("no such pet")
	}
	return &samplePet, nil
}

func updatePet(petID int64, p *NewPet) Pet { return samplePet }

func deletePet(petID int64) error { return nil }

func petPhoto(petID int64) []byte { return []byte{0x89, 'P', 'N', 'G'} }

func petSummary(ctx context.Context, petID int64) asyncbridge.Future[PetSummary] {
	return asyncbridge.Go(ctx, func(context.Context) (PetSummary, error) {
		return PetSummary{ID: petID, Visits: 3}, nil
	})
}

func legacyPets() *router.Response { return router.JSON(200, []Pet{samplePet}) }

func internalStats() map[string]int { return map[string]int{"pets": 1} }

func placeOrder(o Order) Order { o.ID = 7; return o }

func getOrder(orderID int64) Order {
	return Order{ID: orderID, PetID: 1, Quantity: 1, Status: "placed"}
}

// largeAppConfig is the large app's document settings.
var largeAppConfig = router.OpenAPIConfig{
	Title:       "Pet store",
	Version:     "2.3.0",
	Description: "Sells pets. Descriptions may contain </script> safely.",
	Contact:     &openapi.Contact{Name: "Store team", URL: "https://store.example.com/team"},
	License:     &openapi.License{Name: "Apache 2.0", URL: "https://www.apache.org/licenses/LICENSE-2.0"},
	Tags: []openapi.Tag{
		{Name: "meta", Description: "Service checks"},
		{Name: "pets", Description: "Everything about pets"},
		{Name: "store", Description: "Orders"},
	},
	SecuritySchemes: map[string]*openapi.SecurityScheme{
		"apiKey": {Type: "apiKey", Name: "x-api-key", In: "header"},
		"bearer": {Type: "http", Scheme: "bearer", BearerFormat: "JWT"},
		"oauth": {Type: "oauth2", Flows: &openapi.OAuthFlows{ClientCredentials: &openapi.OAuthFlow{
			TokenURL: "https://auth.example.com/token",
			Scopes:   map[string]string{"pets:write": "Change pets"},
		}}},
	},
	Security: []openapi.SecurityRequirement{{"apiKey": {}}, {"bearer": {}}, {"oauth": {"pets:write"}}},
}

func newLargeApp() *router.APIGatewayHTTPResolver {
	app := router.NewAPIGatewayHTTPResolver(router.WithValidation(), router.WithOpenAPI(largeAppConfig))
	app.Get("/health", health, router.Tags("meta"), router.OperationID("health"), router.Summary("Health check"))
	app.Get("/pets", listPets, router.Tags("pets"), router.Summary("List pets"))
	app.Post("/pets", createPet, router.Tags("pets"), router.Status(201), router.Description("Adds a pet to the store."))
	app.Get("/pets/<pet_id>", getPet, router.Tags("pets"))
	app.Put("/pets/<pet_id>", updatePet, router.Tags("pets"))
	app.Delete("/pets/<pet_id>", deletePet, router.Tags("pets"))
	app.Get("/pets/<pet_id>/photo", petPhoto, router.Tags("pets"))
	app.Get("/pets/<pet_id>/summary", petSummary, router.Tags("pets"))
	app.Get("/legacy/pets", legacyPets, router.Tags("pets"), router.Deprecated())
	app.Get("/internal/stats", internalStats, router.Hidden())

	store := router.NewRouter()
	store.Post("/orders", placeOrder, router.Tags("store"))
	store.Get("/orders/{order_id}", getOrder, router.Tags("store"))
	app.Include(store, "/store")

	app.EnableSwagger(router.SwaggerConfig{Title: "Pet store docs"})
	return app
}
