package access_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lumbung-ledger/lumbung/domain/access"
	"github.com/lumbung-ledger/lumbung/domain/input"
)

// The whole matrix of roles and actions, as design.md and the issue set
// it out: every cell is stated, so a change to one is a change to this
// table.
func TestTheMatrix(t *testing.T) {
	const (
		y = true
		n = false
	)
	want := map[access.Role]map[access.Action]bool{
		//                       own all rec book appr loan conf seal assess verify users
		access.Admin:     row(y, y, n, n, n, n, y, n, n, n, y),
		access.Bendahara: row(y, y, y, y, n, n, n, n, n, y, n),
		access.Teller:    row(y, y, y, n, n, n, n, n, n, n, n),
		access.Pengurus:  row(y, y, n, n, y, y, y, n, n, y, n),
		access.Ketua:     row(y, y, n, n, y, y, y, y, n, y, n),
		access.Pengawas:  row(y, y, n, n, n, y, n, n, y, y, n),
		access.Auditor:   row(y, y, n, n, n, n, n, n, n, y, n),
		access.Anggota:   row(y, n, n, n, n, n, n, n, n, n, n),
	}
	require.Len(t, want, len(access.Roles()))
	for _, r := range access.Roles() {
		for _, a := range access.Actions() {
			assert.Equal(t, want[r][a], access.Allowed([]access.Role{r}, a), "%s %s", r, a)
		}
	}
	assert.True(t, access.Allowed([]access.Role{access.Anggota, access.Teller}, access.Record), "roles add up")
	assert.False(t, access.Allowed(nil, access.ViewOwn), "no role, nothing")
}

func row(v ...bool) map[access.Action]bool {
	out := map[access.Action]bool{}
	for i, a := range access.Actions() {
		out[a] = v[i]
	}
	return out
}

func TestParseRole(t *testing.T) {
	r, err := access.ParseRole("ketua")
	require.NoError(t, err)
	assert.Equal(t, access.Ketua, r)
	_, err = access.ParseRole("Ketua")
	var in *input.Error
	require.ErrorAs(t, err, &in)
	assert.Equal(t, "role", in.Field)
}

func TestMakerChecker(t *testing.T) {
	assert.ErrorIs(t, access.CheckNotMaker("siti", "siti"), access.ErrOwnRequest)
	assert.NoError(t, access.CheckNotMaker("siti", "budi"))
}
