package report

import (
	"github.com/lumbung-ledger/lumbung/domain/calendar"
	"github.com/lumbung-ledger/lumbung/domain/money"
)

// Statement is a financial report laid out for rendering: a title block,
// columns of figures (the period reported and its comparison) and lines.
// Builders fill it in the reader's language; the renderers (text table,
// JSON, CSV, XLSX) only lay it out, so every format shows the same
// figures.
type Statement struct {
	// Kind names the report for programs: "trial-balance", "neraca",
	// "hasil-usaha", "ekuitas", "arus-kas", "ledger".
	Kind string
	// Cooperative is the cooperative's name, Title the report's title and
	// Subtitle the line under it (the date, the business unit).
	Cooperative string
	Title       string
	Subtitle    string
	// Unit is the business unit's code, empty when consolidated.
	Unit string
	// TextColumns head the text cells of every line, before the figures
	// (a ledger's date, reference and memo); most statements have none.
	TextColumns []string
	Columns     []Column
	Lines       []Line
	// Notes are sentences printed under the figures.
	Notes []string
}

// Column is one column of figures.
type Column struct {
	// Label heads the column in the table.
	Label string
	// From and To bound the period the column covers; From is zero for a
	// position at a date (a balance sheet, a trial balance).
	From, To calendar.Date
}

// Style says how a line is set.
type Style string

// Line styles.
const (
	// Heading is a section title without figures.
	Heading Style = "heading"
	// Item is an account or a computed figure.
	Item Style = "item"
	// Subtotal closes a group of items.
	Subtotal Style = "subtotal"
	// Total closes a section or the statement.
	Total Style = "total"
)

// Line is one line of a statement.
type Line struct {
	// Key names the line for programs and stays the same in every
	// language ("total_aset", "account:1-1100").
	Key string
	// Code is the account's code for an account line, else empty.
	Code  string
	Label string
	// Level indents the label: 0 for sections, 1 for groups, 2 for items.
	Level int
	Style Style
	// Values holds one figure per column; nil for headings. Text holds
	// cells that are not amounts (a ledger line's date, reference and
	// memo), printed before the figures; every line of a statement has
	// the same number of text cells.
	Values []money.Amount
	Text   []string
}
