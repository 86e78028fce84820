package i18n

import (
	"errors"

	"github.com/lumbung-ledger/lumbung/domain/cooperative"
	"github.com/lumbung-ledger/lumbung/internal/app"
)

// seals explains the refusals of seals; ok is false for an error that is
// none of them.
func (p Printer) seals(err error) (string, bool) {
	switch {
	case errors.Is(err, cooperative.ErrSealUnsigned):
		return p.T("Kunci ketua sudah terdaftar: segel harus ditandatangani dengannya (lumbung audit seal --key FILE). Tidak ada yang dicatat.",
			"The chair's key is registered: the seal must be signed with it (lumbung audit seal --key FILE). Nothing was recorded."), true
	case errors.Is(err, cooperative.ErrSealWrongKey):
		return p.T("Segel ditandatangani dengan kunci yang bukan kunci terdaftar. Tidak ada yang dicatat.",
			"The seal is signed with a key that is not the registered one. Nothing was recorded."), true
	case errors.Is(err, cooperative.ErrSealSignature):
		return p.T("Tanda tangan segel tidak sah. Tidak ada yang dicatat.", "The seal's signature does not verify. Nothing was recorded."), true
	case errors.Is(err, cooperative.ErrNoYearSeal):
		return p.T("Tidak ada segel bertanggal pada atau setelah akhir tahun itu: paket audit berakhir pada segel yang mencakup seluruh tahun. Segel dulu dengan \"lumbung audit seal\". Tidak ada yang ditulis.",
			"No seal is dated on or after that year's end: an audit package ends at a seal covering the whole year. Seal first with \"lumbung audit seal\". Nothing was written."), true
	case errors.Is(err, app.ErrNoSeal):
		return p.T("Koperasi ini belum pernah disegel; segel dengan \"lumbung audit seal\".", "This cooperative has never been sealed; seal it with \"lumbung audit seal\"."), true
	case errors.Is(err, app.ErrNotSealed):
		return p.T("Segel terakhir tidak mencakup aliran ini (dimulai setelah segel itu); buat segel baru.", "The last seal does not cover this stream (it began after that seal); make a new seal."), true
	}
	return "", false
}
