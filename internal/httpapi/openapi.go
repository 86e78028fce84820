package httpapi

import (
	"net/http"
	"reflect"
	"regexp"
	"strings"
)

// openAPI serves the OpenAPI 3.0 document built from the route table.
func (a *API) openAPI(w http.ResponseWriter, r *http.Request) {
	writeJSON(w, http.StatusOK, a.Document())
}

var wildcard = regexp.MustCompile(`\{([a-z_]+)\}`)

// Document returns the OpenAPI 3.0 document of the routes.
func (a *API) Document() map[string]any {
	schemas := map[string]any{}
	ref := func(v any) map[string]any {
		return map[string]any{"$ref": "#/components/schemas/" + schemaOf(reflect.TypeOf(v), schemas)}
	}
	errRef := ref(Error{})
	paths := map[string]map[string]any{}
	for _, rt := range a.routes {
		path := Prefix + rt.Pattern
		item := paths[path]
		if item == nil {
			item = map[string]any{}
			paths[path] = item
		}
		var params []any
		for _, m := range wildcard.FindAllStringSubmatch(rt.Pattern, -1) {
			params = append(params, map[string]any{"name": m[1], "in": "path", "required": true, "schema": map[string]any{"type": "string"}})
		}
		for _, q := range rt.Query {
			params = append(params, map[string]any{"name": q, "in": "query", "schema": map[string]any{"type": "string"}})
		}
		if len(rt.Formats) > 0 {
			params = append(params, map[string]any{"name": "format", "in": "query",
				"schema": map[string]any{"type": "string", "enum": formatsOf(rt)}})
		}
		params = append(params, map[string]any{"name": "lang", "in": "query", "schema": map[string]any{"type": "string", "enum": []string{"id", "en"}}})
		ok := "200"
		if rt.Method == http.MethodPost {
			ok = "201"
			params = append(params, map[string]any{"name": "Idempotency-Key", "in": "header", "required": true, "schema": map[string]any{"type": "string", "maxLength": 64}})
		}
		content := map[string]any{}
		if rt.Response != nil {
			content["application/json"] = map[string]any{"schema": ref(rt.Response)}
		}
		if rt.Produces != "" {
			content[rt.Produces] = map[string]any{"schema": map[string]any{"type": "string", "format": "binary"}}
		}
		for _, f := range rt.Formats {
			content[contentTypes[f]] = map[string]any{"schema": map[string]any{"type": "string", "format": "binary"}}
		}
		errs := map[string]any{"content": map[string]any{"application/json": map[string]any{"schema": errRef}}}
		responses := map[string]any{
			ok:    map[string]any{"description": "OK", "content": content},
			"401": withDescription(errs, "not signed in"),
			"403": withDescription(errs, "forbidden"),
		}
		if rt.Method == http.MethodPost {
			responses["200"] = map[string]any{"description": "done with nothing new written: a repeat, or a request that records nothing of its own (a verification, a change of roles answered with the user)", "content": content}
			for code, d := range map[string]string{"400": "bad request", "409": "refused by a rule of the ledger", "413": "body too large", "415": "not " + rt.bodyType(), "422": "invalid field"} {
				responses[code] = withDescription(errs, d)
			}
		}
		op := map[string]any{
			"operationId": operationID(rt), "summary": rt.Summary, "parameters": params, "responses": responses,
			"x-action": string(rt.Action),
		}
		if rt.Request != nil {
			op["requestBody"] = map[string]any{"required": true, "content": map[string]any{"application/json": map[string]any{"schema": ref(rt.Request)}}}
		} else if rt.Body != "" {
			op["requestBody"] = map[string]any{"required": true, "content": map[string]any{rt.Body: map[string]any{"schema": map[string]any{"type": "string"}}}}
		}
		item[strings.ToLower(rt.Method)] = op
	}
	return map[string]any{
		"openapi": "3.0.3",
		"info":    map[string]any{"title": "Lumbung API", "version": "1"},
		"components": map[string]any{
			"schemas": schemas,
			"securitySchemes": map[string]any{
				"bearer": map[string]any{"type": "http", "scheme": "bearer"},
				"cookie": map[string]any{"type": "apiKey", "in": "cookie", "name": CookieName},
			},
		},
		"security": []any{map[string]any{"bearer": []any{}}, map[string]any{"cookie": []any{}}},
		"paths":    paths,
	}
}

// formatsOf are the ?format= values of a route: json, when it answers
// JSON, and its files.
func formatsOf(rt Route) []string {
	if rt.Response == nil {
		return rt.Formats
	}
	return append([]string{"json"}, rt.Formats...)
}

func withDescription(m map[string]any, d string) map[string]any {
	out := map[string]any{"description": d}
	for k, v := range m {
		out[k] = v
	}
	return out
}

func operationID(rt Route) string {
	s := strings.NewReplacer("/", "_", "{", "", "}", "", "-", "_").Replace(strings.Trim(rt.Pattern, "/"))
	return strings.ToLower(rt.Method) + "_" + s
}

// schemaOf records the schema of t under its name and returns the name.
func schemaOf(t reflect.Type, schemas map[string]any) string {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	name := t.Name()
	if _, ok := schemas[name]; ok {
		return name
	}
	schemas[name] = nil // a placeholder against recursion
	schemas[name] = structSchema(t, schemas)
	return name
}

func typeSchema(t reflect.Type, schemas map[string]any) map[string]any {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	switch t.Kind() {
	case reflect.String:
		return map[string]any{"type": "string"}
	case reflect.Bool:
		return map[string]any{"type": "boolean"}
	case reflect.Int, reflect.Int64, reflect.Int32, reflect.Uint64:
		return map[string]any{"type": "integer"}
	case reflect.Float64:
		return map[string]any{"type": "number"}
	case reflect.Slice:
		return map[string]any{"type": "array", "items": typeSchema(t.Elem(), schemas)}
	case reflect.Map:
		return map[string]any{"type": "object", "additionalProperties": typeSchema(t.Elem(), schemas)}
	case reflect.Struct:
		if t.Name() != "" {
			return map[string]any{"$ref": "#/components/schemas/" + schemaOf(t, schemas)}
		}
		return structSchema(t, schemas)
	}
	return map[string]any{}
}

func structSchema(t reflect.Type, schemas map[string]any) map[string]any {
	{
		props := map[string]any{}
		var required []string
		for i := range t.NumField() {
			f := t.Field(i)
			tag := f.Tag.Get("json")
			if tag == "-" || !f.IsExported() {
				continue
			}
			name, opts, _ := strings.Cut(tag, ",")
			if name == "" {
				name = f.Name
			}
			props[name] = typeSchema(f.Type, schemas)
			if !strings.Contains(opts, "omitempty") && f.Tag.Get("required") == "true" {
				required = append(required, name)
			}
		}
		s := map[string]any{"type": "object", "properties": props}
		if len(required) > 0 {
			s["required"] = required
		}
		return s
	}
}

// contentTypes are the media types of the report formats.
var contentTypes = map[string]string{
	"json": "application/json",
	"csv":  "text/csv; charset=utf-8",
	"xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
	"pdf":  "application/pdf",
}
