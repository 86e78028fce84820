package auditpack

import (
	"crypto/ed25519"
	"encoding/hex"
	"strings"

	"github.com/lumbung-ledger/lumbung/domain/input"
)

// ParseRoot reads a seal root in hexadecimal; field names it in the
// error.
func ParseRoot(field, s string) ([32]byte, error) {
	var root [32]byte
	b, err := hex.DecodeString(strings.TrimSpace(s))
	if err != nil || len(b) != 32 {
		return root, &input.Error{Field: field, Value: s, Want: input.WantSealRoot}
	}
	copy(root[:], b)
	return root, nil
}

// ParseKey reads an Ed25519 public key in hexadecimal.
func ParseKey(field, s string) (ed25519.PublicKey, error) {
	b, err := hex.DecodeString(strings.TrimSpace(s))
	if err != nil || len(b) != ed25519.PublicKeySize {
		return nil, &input.Error{Field: field, Value: s, Want: input.WantPublicKey}
	}
	return b, nil
}
