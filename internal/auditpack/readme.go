package auditpack

import "fmt"

// readme is the package's README: what it holds and how to check it, in
// Indonesian and English.
func readme(m Manifest) []byte {
	signed := "tidak ditandatangani / unsigned"
	if m.Seal.Signature != "" {
		signed = fmt.Sprintf("ditandatangani oleh / signed by %s, kunci publik / public key %s", m.Seal.Role, m.Seal.PublicKey)
	}
	return fmt.Appendf(nil, `Paket audit Lumbung / Lumbung audit package (%s)

Koperasi / Cooperative: %s (%s)
Tahun buku / Financial year: %d
Segel / Seal: %s, tanggal / dated %s, %s
Peristiwa / Events: %d

ISI
  events.jsonl   semua peristiwa koperasi sampai segel, satu per baris, dengan
                 byte persis seperti tersimpan (data dan metadata sebagai teks JSON)
  seal.json      segel: akar Merkle, posisi, kunci publik dan tanda tangan
  reports/       laporan tahun buku per 31 Desember (keuangan, pinjaman, SHU,
                 kesehatan, kepatuhan), seperti dihasilkan dari
                 peristiwa tersebut (JSON dan CSV)
  manifest.json  isi paket dengan SHA-256 setiap berkas

MEMERIKSA
  lumbung audit verify --package BERKAS.zip --root AKAR [--key KUNCI]
  AKAR adalah akar segel yang dicetak di buku RAT; KUNCI kunci publik ketua.
  Pemeriksaan tidak memerlukan basis data koperasi: setiap rantai hash dan
  segel diperiksa, lalu setiap laporan dihitung ulang dari peristiwa dan
  dibandingkan byte demi byte dengan laporan dalam paket.

CONTENTS
  events.jsonl   every event of the cooperative up to the seal, one per line,
                 with its bytes exactly as stored (data and metadata as JSON text)
  seal.json      the seal: Merkle root, position, public key and signature
  reports/       the year's reports at 31 December (financial, loans, SHU,
                 health, compliance), as produced from those
                 events (JSON and CSV)
  manifest.json  the package's contents with every file's SHA-256

CHECKING
  lumbung audit verify --package FILE.zip --root ROOT [--key KEY]
  ROOT is the seal's root as printed in the RAT book; KEY the chair's public key.
  The check needs no ledger: every hash chain and the seal are checked, then
  every report is derived again from the events and compared byte for byte
  with the packaged one.
`, Format, m.Name, m.Coop, m.Year, m.Seal.Root, m.Seal.On, signed, m.Events)
}
