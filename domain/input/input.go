// Package input names the ways the input of a command can be malformed, so
// that every refusal of bad input says which field, which value and what
// was expected, in words the presentation layer translates.
//
// The package is pure.
package input

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Want names what a field should have held. The presentation layer
// translates each into the person's language.
type Want string

// What fields should hold.
const (
	WantCoopID           Want = "coop_id"
	WantMemberID         Want = "member_id"
	WantName             Want = "name"
	WantRef              Want = "ref"
	WantReason           Want = "reason"
	WantActor            Want = "actor"
	WantDate             Want = "date"
	WantRealDate         Want = "real_date"      // a day that exists: not 2025-02-30
	WantNotFuture        Want = "not_future"     // Bound: today
	WantNotBefore        Want = "not_before"     // Bound: the earliest date allowed
	WantProduct          Want = "product"        // pokok, wajib or sukarela
	WantCurrency         Want = "currency"       // ISO 4217
	WantPlaces           Want = "places"         // 0 to 4
	WantTimeZone         Want = "time_zone"      // IANA name
	WantPolicyAmount     Want = "policy_amount"  // zero or positive, whole minor units, at most Bound
	WantMaxAmount        Want = "max_amount"     // positive, whole minor units
	WantPeriod           Want = "period"         // monthly, quarterly, yearly
	WantPokokAmount      Want = "pokok_amount"   // Bound: the policy's pokok
	WantSameAsBefore     Want = "same_as_before" // Bound: the value that may not change
	WantKnownMember      Want = "known_member"
	WantKnownRef         Want = "known_ref"
	WantKnownCoop        Want = "known_coop"
	WantAmountPresent    Want = "amount"             // an amount written as digits
	WantUTF8             Want = "utf8"               // text encoded as UTF-8
	WantImportKind       Want = "import_kind"        // a kind of the import format
	WantColumns          Want = "columns"            // Bound: the number of header columns
	WantProductOfKind    Want = "product_of_kind"    // Bound: the product the row's kind implies
	WantLang             Want = "lang"               // id or en
	WantStore            Want = "store"              // sqlite:PATH
	WantAccountCode      Want = "account_code"       // digits in groups joined by hyphens: 1-1100
	WantNewAccount       Want = "new_account"        // a code no account has
	WantAccountClass     Want = "account_class"      // asset, liability, equity, revenue, expense, or contra-<class>
	WantHeading          Want = "heading"            // the code of a heading account
	WantGroupClass       Want = "group_class"        // Bound: the class of the heading
	WantCodeInGroup      Want = "code_in_group"      // Bound: the heading's code, which the code must extend
	WantCashAsset        Want = "cash_asset"         // cash accounts are assets, not contra, not headings
	WantFlow             Want = "flow"               // operating, investing, financing
	WantParty            Want = "party"              // member, non-member, other-coop
	WantUnitCode         Want = "unit_code"          // lowercase letters, digits and hyphens
	WantNewUnit          Want = "new_unit"           // a code no unit has
	WantKnownUnit        Want = "known_unit"         // a unit of the chart
	WantKnownAccount     Want = "known_account"      // an account of the chart
	WantPostableAccount  Want = "postable_account"   // an account, not a heading
	WantCashAccount      Want = "cash_account"       // a kas or bank account of the chart
	WantMonth            Want = "month"              // YYYY-MM
	WantYear             Want = "year"               // YYYY
	WantLine             Want = "journal_line"       // ACCOUNT:debit:AMOUNT or ACCOUNT:credit:AMOUNT
	WantTwoLines         Want = "two_lines"          // at least one debit and one credit line
	WantMemo             Want = "memo"               // text, at most Bound characters
	WantDecision         Want = "decision"           // a decision reference
	WantEndedMonth       Want = "ended_month"        // Bound: the last day of the month, which must be before today
	WantJournalAccount   Want = "journal_account"    // an account the general journal may post to: not a member savings account
	WantResultAccount    Want = "result_account"     // a revenue or expense account
	WantAfterLastPosting Want = "after_last_posting" // Bound: the last posting's date, which the date must follow
	WantGroup            Want = "group"              // every account but a top heading sits under a heading
	WantFormat           Want = "format"             // table, json, csv, xlsx or pdf
	WantOutFile          Want = "out_file"           // a file to write a spreadsheet to
	WantProductCode      Want = "product_code"       // lowercase letters, digits and hyphens
	WantKnownProduct     Want = "known_product"      // a loan product of the cooperative
	WantAtLeast          Want = "at_least"           // Bound: the least value allowed
	WantAtMost           Want = "at_most"            // Bound: the largest value allowed
	WantRate             Want = "rate"               // a decimal share from 0, 0.24 for 24 %
	WantOrder            Want = "allocation_order"   // denda-bunga-pokok or bunga-pokok-denda
	WantLoanID           Want = "loan_id"            // letters, digits, '-' and '_'
	WantKnownLoan        Want = "known_loan"         // a loan of the cooperative
	WantRole             Want = "role"               // ketua, pengurus, pengawas, bendahara, ...
	WantApprover         Want = "approver"           // pengurus, ketua or pengawas: the roles that approve loans
	WantNewLoan          Want = "new_loan"           // a loan id no loan has
	WantMethod           Want = "loan_method"        // flat, menurun or anuitas
	WantPool             Want = "shu_pool"           // KEY:PERCENT[:KIND[:UNIT:BASIS]], each key once
	WantPercent          Want = "percent"            // a percentage above 0 and at most 100, at most 4 decimals
	WantPoolKind         Want = "pool_kind"          // reserve, capital, patronage or fund
	WantPatronageBasis   Want = "patronage_basis"    // interest-paid, principal-borrowed or purchases
	WantOneReserve       Want = "one_reserve"        // exactly one reserve pool (cadangan)
	WantCapitalProducts  Want = "capital_products"   // savings products, each once: pokok, wajib, sukarela
	WantMeasure          Want = "capital_measure"    // year-end, avg-month-end or daily-avg
	WantRounding         Want = "shu_rounding"       // 1, 100 or 1000
	WantExited           Want = "exited_rule"        // eligible or excluded
	WantQuorum           Want = "quorum"             // a share above 0 and at most 1: 0.5 for half the members
	WantAttendance       Want = "attendance"         // present, proxy or online
	WantResolution       Want = "resolution"         // approve-statements, approve-shu or accept-accountability
	WantVotes            Want = "votes"              // Bound: the members attending, which the votes may not exceed
	WantPayout           Want = "payout"             // sukarela or cash
	WantSHUDigest        Want = "shu_digest"         // Bound: the digest of the year's current SHU computation
	WantSHUShare         Want = "shu_share"          // a member with a share in the year's SHU
	WantProxyHolder      Want = "proxy_holder"       // another member, attending in person or online
	WantPublicKey        Want = "public_key"         // an Ed25519 public key: 64 hexadecimal digits
	WantKeyFile          Want = "key_file"           // a private key file written by lumbung keys generate
	WantKnownAt          Want = "known_at"           // a date YYYY-MM-DD or an RFC 3339 instant
	WantRecordedBy       Want = "recorded_by"        // an instant by which the cooperative had records
	WantSealRoot         Want = "seal_root"          // a seal's root: 64 hexadecimal digits
	WantPackageFile      Want = "package_file"       // an audit package written by lumbung audit export
	WantSubmittedReport  Want = "submitted_report"   // annual-report, quarter-1, quarter-2, quarter-3 or semester
	WantHealthIndicator  Want = "health_indicator"   // a checklist indicator of a health assessment
	WantChecklistTotal   Want = "checklist_total"    // Bound: the number of sub-indicators the rule fixes
	WantUsername         Want = "username"           // 3-32 lowercase letters, digits, '.', '_' and '-'
	WantNewUser          Want = "new_user"           // a username no user has
	WantKnownUser        Want = "known_user"         // a user of the cooperative
	WantActiveUser       Want = "active_user"        // a user not disabled
	WantAnotherAdmin     Want = "another_admin"      // the last active admin keeps the role: add another admin first
	WantAnggotaMember    Want = "anggota_member"     // an anggota names the member they are (--member)
	WantNoMember         Want = "no_member"          // only an anggota names a member
	WantTokenID          Want = "token_id"           // a new token id: lowercase letters, digits and hyphens
	WantTokenLabel       Want = "token_label"        // a label of 1-64 characters
	WantKnownToken       Want = "known_token"        // a token issued in the cooperative
	WantPassword         Want = "password"           // Bound: the least number of characters
)

// Error reports a field whose value is not what was expected.
type Error struct {
	Field string
	Value string
	Want  Want
	// Bound is the figure the expectation refers to, if any: today's date
	// for WantNotFuture, the admission date for WantNotBefore, ...
	Bound string
}

func (e *Error) Error() string {
	if e.Bound != "" {
		return fmt.Sprintf("input: %s %q: expected %s (%s)", e.Field, e.Value, e.Want, e.Bound)
	}
	return fmt.Sprintf("input: %s %q: expected %s", e.Field, e.Value, e.Want)
}

// Identifier checks that s is 1 to max characters of ASCII letters, digits,
// '-' and '_', starting with a letter or digit, lowercase letters only if
// lower is set.
func Identifier(s string, max int, lower bool) bool {
	if len(s) == 0 || len(s) > max {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= 'a' && c <= 'z', c >= '0' && c <= '9':
		case c >= 'A' && c <= 'Z' && !lower:
		case (c == '-' || c == '_') && i > 0:
			if lower && c == '_' {
				return false
			}
		default:
			return false
		}
	}
	return true
}

// Text checks that s is valid UTF-8 of 1 to max characters with no control
// characters and no leading or trailing space.
func Text(s string, max int) bool {
	if s == "" || !utf8.ValidString(s) || utf8.RuneCountInString(s) > max || strings.TrimSpace(s) != s {
		return false
	}
	for _, r := range s {
		if unicode.IsControl(r) || r == utf8.RuneError {
			return false
		}
	}
	return true
}
