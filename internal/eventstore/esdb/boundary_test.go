package esdb_test

import (
	"go/parser"
	"go/token"
	"io/fs"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Only the adapter's own folder imports the EventStoreDB client (and its
// gRPC machinery): everything else reaches a server through the Store
// port. cmd/ opens the adapter; it never calls the client itself.
func TestOnlyTheAdapterImportsTheClient(t *testing.T) {
	root, err := filepath.Abs("../../..")
	require.NoError(t, err)
	adapter := filepath.Join(root, "internal", "eventstore", "esdb")
	checked := 0
	err = filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && (d.Name() == ".git" || d.Name() == "bin" || d.Name() == "testdata") {
			return filepath.SkipDir
		}
		if d.IsDir() || !strings.HasSuffix(path, ".go") {
			return nil
		}
		f, err := parser.ParseFile(token.NewFileSet(), path, nil, parser.ImportsOnly)
		if err != nil {
			return err
		}
		checked++
		inAdapter := strings.HasPrefix(path, adapter+string(filepath.Separator))
		for _, imp := range f.Imports {
			p, _ := strconv.Unquote(imp.Path.Value)
			if strings.HasPrefix(p, "github.com/EventStore/") || strings.HasPrefix(p, "google.golang.org/grpc") {
				assert.True(t, inAdapter, "%s imports %s", strings.TrimPrefix(path, root+"/"), p)
			}
		}
		return nil
	})
	require.NoError(t, err)
	assert.Greater(t, checked, 100)
}
