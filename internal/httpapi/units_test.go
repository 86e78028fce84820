package httpapi

import (
	"encoding/json"
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestUnits(t *testing.T) {
	f := newFixture(t)
	r := f.do(http.MethodGet, Prefix+"/units", "tok-pengawas", "")
	require.Equal(t, http.StatusOK, r.status, string(r.body))
	var units UnitsJSON
	require.NoError(t, json.Unmarshal(r.body, &units))
	require.NotEmpty(t, units.Units)
	n := len(units.Units)

	before := f.events()
	r = f.post(Prefix+"/units", "tok-admin", "unit-klinik", `{"code":"klinik","name":"Klinik Pratama","name_en":"Clinic"}`)
	require.Equal(t, http.StatusCreated, r.status, string(r.body))
	assert.Len(t, r.json(t)["events"], 1)
	assert.Equal(t, before+1, f.events())
	r = f.post(Prefix+"/units", "tok-admin", "unit-klinik-2", `{"code":"klinik","name":"Klinik Pratama","name_en":"Clinic"}`)
	assert.Equal(t, http.StatusOK, r.status, "the same unit again writes nothing: %s", r.body)
	assert.Equal(t, before+1, f.events())
	r = f.post(Prefix+"/units", "tok-admin", "unit-bad", `{"code":"","name":"Tanpa kode"}`)
	assert.Equal(t, http.StatusUnprocessableEntity, r.status, string(r.body))
	assert.Equal(t, before+1, f.events())

	r = f.do(http.MethodGet, Prefix+"/units", "tok-bendahara", "")
	require.NoError(t, json.Unmarshal(r.body, &units))
	require.Len(t, units.Units, n+1)
	assert.Equal(t, UnitJSON{Code: "klinik", Name: "Klinik Pratama", NameEN: "Clinic"}, units.Units[n])
}
