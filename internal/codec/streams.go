package codec

import (
	"strconv"
	"strings"
)

// Stream names. Every name carries the cooperative's id, so one store holds
// many cooperatives and a reader of one never needs another's streams. The
// category comes first, before a '-', as EventStoreDB's by-category
// projection expects; cooperative ids contain no '.', so the '.' that
// separates the cooperative from the member is unambiguous.
const (
	cooperativeCategory = "coop-"
	memberCategory      = "member-"
	loanCategory        = "loan-"
	sharesCategory      = "shu-"
	sealCategory        = "seal-"
	accessCategory      = "access-"
)

// SealStream names the stream of one seal's heads: its root names it.
func SealStream(coop, root string) string { return sealCategory + coop + "." + root }

// ParseSealStream returns the cooperative of a seal's stream, and false
// for any other stream.
func ParseSealStream(stream string) (string, bool) {
	rest, ok := strings.CutPrefix(stream, sealCategory)
	if !ok {
		return "", false
	}
	coop, _, ok := strings.Cut(rest, ".")
	return coop, ok && coop != ""
}

// SHUSharesStream names the stream of one SHU computation's members'
// rows: the year and the rows' digest name it, so a computation retried
// writes the same stream and another computation another.
func SHUSharesStream(coop string, year int, digest string) string {
	return sharesCategory + coop + "." + strconv.Itoa(year) + "-" + digest
}

// ParseSHUSharesStream returns the cooperative of an SHU shares stream's
// name, and false for any other stream.
func ParseSHUSharesStream(stream string) (string, bool) {
	rest, ok := strings.CutPrefix(stream, sharesCategory)
	if !ok {
		return "", false
	}
	coop, _, ok := strings.Cut(rest, ".")
	return coop, ok && coop != ""
}

// CooperativeStream names a cooperative's own stream: registration,
// policies and, later, its books' decisions.
func CooperativeStream(coop string) string { return cooperativeCategory + coop }

// MemberStream names a member's stream: admission, savings, exit.
func MemberStream(coop, member string) string { return memberCategory + coop + "." + member }

// LoanStream names a loan's stream: application to closing.
func LoanStream(coop, loan string) string { return loanCategory + coop + "." + loan }

// ParseLoanStream returns the cooperative and loan of a loan stream's
// name, and false for any other stream.
func ParseLoanStream(stream string) (coop, loan string, ok bool) {
	rest, ok := strings.CutPrefix(stream, loanCategory)
	if !ok {
		return "", "", false
	}
	coop, loan, ok = strings.Cut(rest, ".")
	if !ok || coop == "" || loan == "" {
		return "", "", false
	}
	return coop, loan, true
}

// ParseMemberStream returns the cooperative and member of a member
// stream's name, and false for any other stream.
func ParseMemberStream(stream string) (coop, member string, ok bool) {
	rest, ok := strings.CutPrefix(stream, memberCategory)
	if !ok {
		return "", "", false
	}
	coop, member, ok = strings.Cut(rest, ".")
	if !ok || coop == "" || member == "" {
		return "", "", false
	}
	return coop, member, true
}

// ParseCooperativeStream returns the cooperative of a cooperative stream's
// name, and false for any other stream.
func ParseCooperativeStream(stream string) (string, bool) {
	coop, ok := strings.CutPrefix(stream, cooperativeCategory)
	if !ok || coop == "" {
		return "", false
	}
	return coop, true
}

// AccessStream names a cooperative's users stream: its users, their
// roles and the API tokens issued to them.
func AccessStream(coop string) string { return accessCategory + coop }

// ParseAccessStream returns the cooperative of a users stream's name, and
// false for any other stream.
func ParseAccessStream(stream string) (string, bool) {
	coop, ok := strings.CutPrefix(stream, accessCategory)
	if !ok || coop == "" || strings.Contains(coop, ".") {
		return "", false
	}
	return coop, true
}
