package httpapi

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const csvType = "text/csv; charset=utf-8"

// TestImport: a CSV of members' transactions is imported all or
// nothing; the bad rows are answered with their lines and nothing is
// written; a dry run writes nothing; a JSON body is refused.
func TestImport(t *testing.T) {
	f := newFixture(t)
	before := f.events()
	bad := "date,member,kind,amount,ref\n2026-03-01,m1,deposit_sukarela,5000,IMP-1\n2026-03-01,m2,deposit_emas,5000,IMP-2\n2026-02-30,m2,deposit_sukarela,5000,IMP-3\n"
	r := f.post(Prefix+"/imports", "tok-teller", "imp-bad", bad, "Content-Type", csvType)
	require.Equal(t, http.StatusUnprocessableEntity, r.status, string(r.body))
	var e Error
	require.NoError(t, json.Unmarshal(r.body, &e))
	assert.Equal(t, "invalid_rows", e.Code)
	assert.Equal(t, 2, e.Count)
	require.Len(t, e.Rows, 2)
	assert.Equal(t, 3, e.Rows[0].Line)
	assert.Equal(t, "kind", e.Rows[0].Field)
	assert.Equal(t, 4, e.Rows[1].Line)
	assert.Equal(t, "date", e.Rows[1].Field)
	assert.NotEmpty(t, e.Rows[0].Message)
	r = f.post(Prefix+"/imports", "tok-teller", "imp-header", "tanggal,anggota\n", "Content-Type", csvType)
	require.Equal(t, http.StatusUnprocessableEntity, r.status, string(r.body))
	assert.Equal(t, "invalid_file", r.json(t)["code"])
	r = f.post(Prefix+"/imports", "tok-teller", "imp-json", `{}`)
	assert.Equal(t, http.StatusUnsupportedMediaType, r.status, string(r.body))
	good := "date,member,kind,amount,ref\n2026-03-01,m1,deposit_sukarela,5000,IMP-1\n2026-03-01,m2,deposit_wajib,10000,IMP-2\n"
	r = f.post(Prefix+"/imports?dry_run=true", "tok-teller", "imp-dry", good, "Content-Type", csvType)
	require.Equal(t, http.StatusOK, r.status, string(r.body))
	assert.Equal(t, before, f.events())

	r = f.post(Prefix+"/imports", "tok-teller", "imp-1", good, "Content-Type", csvType)
	require.Equal(t, http.StatusCreated, r.status, string(r.body))
	var sum ImportJSON
	require.NoError(t, json.Unmarshal(r.body, &sum))
	assert.Equal(t, 2, sum.Rows)
	assert.Equal(t, 2, sum.Written)
	assert.Equal(t, before+2, f.events())
	// The same rows under another key are recorded already: nothing written.
	r = f.post(Prefix+"/imports", "tok-teller", "imp-2", good, "Content-Type", csvType)
	require.Equal(t, http.StatusOK, r.status, string(r.body))
	require.NoError(t, json.Unmarshal(r.body, &sum))
	assert.Equal(t, 2, sum.Repeated)
	assert.Equal(t, before+2, f.events())
}

// TestJournalImport: the rows of one ref form one entry; an unbalanced
// entry is answered by its first line and nothing is written.
func TestJournalImport(t *testing.T) {
	f := newFixture(t)
	before := f.events()
	bad := "date,ref,account,debit,credit,memo,unit,party\n" +
		"2026-03-01,JU-1,5-1100,10000,,listrik,,\n2026-03-01,JU-1,1-1100,,10000,listrik,,\n" +
		"2026-03-01,JU-2,5-1100,10000,,air,,\n2026-03-01,JU-2,1-1100,,9000,air,,\n"
	r := f.post(Prefix+"/journal/imports", "tok-bendahara", "ji-bad", bad, "Content-Type", csvType)
	require.Equal(t, http.StatusUnprocessableEntity, r.status, string(r.body))
	var e Error
	require.NoError(t, json.Unmarshal(r.body, &e))
	assert.Equal(t, "invalid_rows", e.Code)
	require.NotEmpty(t, e.Rows)
	assert.Equal(t, 4, e.Rows[0].Line)
	assert.Equal(t, before, f.events())
	good := "date,ref,account,debit,credit,memo,unit,party\n" +
		"2026-03-01,JU-1,5-1100,10000,,listrik,,\n2026-03-01,JU-1,1-1100,,10000,listrik,,\n"
	r = f.post(Prefix+"/journal/imports", "tok-bendahara", "ji-1", good, "Content-Type", csvType)
	require.Equal(t, http.StatusCreated, r.status, string(r.body))
	var sum ImportJSON
	require.NoError(t, json.Unmarshal(r.body, &sum))
	assert.Equal(t, 2, sum.Rows)
	assert.Equal(t, 1, sum.Entries)
	assert.Equal(t, 1, sum.Written)
}

// TestImportsDocumentTheirContentType: the OpenAPI document gives the
// imports' bodies as text/csv, not JSON.
func TestImportsDocumentTheirContentType(t *testing.T) {
	f := newFixture(t)
	r := f.do(http.MethodGet, Prefix+"/openapi.json", "", "")
	require.Equal(t, http.StatusOK, r.status)
	var doc struct {
		Paths map[string]map[string]struct {
			RequestBody struct {
				Content map[string]any `json:"content"`
			} `json:"requestBody"`
		} `json:"paths"`
	}
	require.NoError(t, json.Unmarshal(r.body, &doc))
	for _, p := range []string{"/imports", "/journal/imports"} {
		content := doc.Paths[Prefix+p]["post"].RequestBody.Content
		assert.Contains(t, content, "text/csv", p)
		assert.NotContains(t, content, "application/json", p)
	}
	assert.Contains(t, doc.Paths[Prefix+"/journal"]["post"].RequestBody.Content, "application/json")
}

// TestImportsTakeMoreThanOtherBodies: an import of more than the 1 MiB
// other requests may carry is read whole; a body beyond the imports'
// own limit is refused as too large, and nothing is written.
func TestImportsTakeMoreThanOtherBodies(t *testing.T) {
	f := newFixture(t)
	before := f.events()
	var csv strings.Builder
	csv.WriteString("date,member,kind,amount,ref\n")
	for i := 0; csv.Len() < 3<<20/2; i++ {
		fmt.Fprintf(&csv, "2026-03-01,m%d,deposit_sukarela,1000,BESAR-%06d\n", 1+i%2, i)
	}
	rows := strings.Count(csv.String(), "\n") - 1
	r := f.post(Prefix+"/imports?dry_run=true", "tok-teller", "imp-big", csv.String(), "Content-Type", csvType)
	require.Equal(t, http.StatusOK, r.status, string(r.body))
	var sum ImportJSON
	require.NoError(t, json.Unmarshal(r.body, &sum))
	assert.Equal(t, rows, sum.Rows)
	assert.Equal(t, before, f.events())

	r = f.post(Prefix+"/imports", "tok-teller", "imp-huge", strings.Repeat("x", maxImport+1), "Content-Type", csvType)
	assert.Equal(t, http.StatusRequestEntityTooLarge, r.status)
	assert.Equal(t, "too_large", r.json(t)["code"])
	assert.Equal(t, before, f.events())
}
