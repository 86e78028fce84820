// Package domain holds the rules of cooperative finance as pure Go: no
// I/O, no clock, no randomness, no mutable globals. Commands carry the
// date and the figures they are decided on; every aggregate has a pure
// Decide(state, command) and Evolve(state, event). A test in this package
// enforces these bans on every package below it.
//
// Sub-packages: money (exact amounts, rounding, allocation), calendar
// (civil dates), input (what malformed input is), policy (bylaws as
// versioned data), cooperative (the Cooperative aggregate), member (the
// Member aggregate), savings (products and the savings ledger),
// prudential (the regulator's limits and reporting calendar as rule sets
// in force from a date).
//
// # Glossary
//
// One meaning per word; the Indonesian term beside the English one.
//
//	anggota            member
//	bendahara          treasurer
//	pengurus           board (ketua: chair, sekretaris: secretary)
//	pengawas           supervisory board
//	RAT                Rapat Anggota Tahunan, the annual members' meeting
//	AD/ART             bylaws (anggaran dasar / anggaran rumah tangga)
//	simpanan           savings
//	simpanan pokok     principal savings, paid once on admission (Pokok)
//	simpanan wajib     mandatory savings, paid each period (Wajib)
//	simpanan sukarela  voluntary savings, withdrawable (Sukarela)
//	uang pangkal       entry fee, income of the cooperative
//	modal sendiri      own capital: pokok + wajib + reserves + grants
//	setoran            deposit: member money in
//	penarikan          withdrawal: savings money out to the member
//	pencairan          disbursement: loan money out
//	angsuran           repayment: loan money in
//	koreksi / pembatalan  reversal: the correction of a posted transaction
//	keluar             exit: the end of a membership, with its settlement
//	SHU                sisa hasil usaha, the year's surplus; its split is
//	                   the allocation, the cash to members the payout
//	buku tabungan      passbook
//	kwitansi           receipt
//	tanggal efektif    effective date: the business date of a fact
package domain
