// Package i18n says things to people in their language: Indonesian by
// default, English on request. It formats amounts the way each language
// writes them and explains every error the ledger can return, with the
// field, the value and the figures involved.
package i18n

import (
	"fmt"
	"strings"

	"github.com/lumbung-ledger/lumbung/domain/calendar"
	"github.com/lumbung-ledger/lumbung/domain/money"
)

// Lang is a language the ledger speaks.
type Lang string

// Languages.
const (
	ID Lang = "id" // Bahasa Indonesia, the default
	EN Lang = "en"
)

// ParseLang reads a language code; anything but "en" is Indonesian.
func ParseLang(s string) (Lang, bool) {
	switch strings.ToLower(s) {
	case "", "id":
		return ID, true
	case "en":
		return EN, true
	}
	return ID, false
}

// Printer formats for one language and currency.
type Printer struct {
	Lang Lang
	// Currency and Places describe the amounts printed; rupiah if empty.
	Currency string
	Places   int32
}

// New returns a printer for lang, printing rupiah.
func New(lang Lang) Printer { return Printer{Lang: lang, Currency: "IDR"} }

// T picks the text for the printer's language.
func (p Printer) T(id, en string) string {
	if p.Lang == EN {
		return en
	}
	return id
}

// Money formats an amount: "Rp 1.250.000" in Indonesian, "Rp 1,250,000"
// in English; other currencies carry their ISO code.
func (p Printer) Money(a money.Amount) string {
	return p.symbol() + " " + p.Number(a)
}

// Number formats an amount without the currency.
func (p Printer) Number(a money.Amount) string {
	if p.Lang == EN {
		return a.Grouped(",", ".", p.Places)
	}
	return a.Grouped(".", ",", p.Places)
}

func (p Printer) symbol() string {
	if p.Currency == "" || p.Currency == "IDR" {
		return "Rp"
	}
	return p.Currency
}

var monthsID = [...]string{"Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus", "September", "Oktober", "November", "Desember"}

// Date formats a date in words: "31 Januari 2025", "31 January 2025".
func (p Printer) Date(d calendar.Date) string {
	if d.IsZero() {
		return "-"
	}
	y, m, day := d.Civil()
	if p.Lang == EN {
		return fmt.Sprintf("%d %s %d", day, m, y)
	}
	return fmt.Sprintf("%d %s %d", day, monthsID[m-1], y)
}

// Product names a savings product.
func (p Printer) Product(product string) string {
	switch product {
	case "pokok":
		return p.T("simpanan pokok", "principal savings (pokok)")
	case "wajib":
		return p.T("simpanan wajib", "mandatory savings (wajib)")
	case "sukarela":
		return p.T("simpanan sukarela", "voluntary savings (sukarela)")
	}
	return product
}

// Status names a member status.
func (p Printer) Status(status string) string {
	switch status {
	case "active":
		return p.T("aktif", "active")
	case "exited":
		return p.T("keluar", "exited")
	case "":
		return p.T("belum menjadi anggota", "not yet a member")
	}
	return status
}
