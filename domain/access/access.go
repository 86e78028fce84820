// Package access says who may do what in a cooperative: the roles its
// people hold and the actions each role allows. The rules are the
// design's (design.md, "Who uses it"): the treasurer and tellers record;
// the board approves, and never its own request; the supervisors and
// auditors read everything and change nothing (save the answers to the
// health checklists that are theirs to give, and the loan approvals the
// bylaws ask of the pengawas); a member sees only their own accounts;
// the administrator manages the people and their roles.
//
// The package is pure: the users themselves, their credentials and
// sessions live elsewhere (internal/auth).
package access

import (
	"fmt"
	"slices"

	"github.com/lumbung-ledger/lumbung/domain/input"
)

// Role is an office a person holds in the cooperative's ledger.
type Role string

// The roles.
const (
	Admin     Role = "admin"     // manages users, roles and settings
	Bendahara Role = "bendahara" // the treasurer: records and closes the books
	Teller    Role = "teller"    // records members' transactions
	Pengurus  Role = "pengurus"  // the board: approves and decides
	Ketua     Role = "ketua"     // the chair: approves, decides and seals
	Pengawas  Role = "pengawas"  // the supervisory board: reads, assesses
	Auditor   Role = "auditor"   // an external auditor or examiner: reads
	Anggota   Role = "anggota"   // a member: their own accounts only
)

// Roles returns every role, in the order of the list above.
func Roles() []Role {
	return []Role{Admin, Bendahara, Teller, Pengurus, Ketua, Pengawas, Auditor, Anggota}
}

// ParseRole reads a role's name.
func ParseRole(s string) (Role, error) {
	r := Role(s)
	if !slices.Contains(Roles(), r) {
		return "", &input.Error{Field: "role", Value: s, Want: input.WantRole}
	}
	return r, nil
}

// Action is something a request does.
type Action string

// The actions.
const (
	// ViewOwn reads one's own member accounts: savings, loans, SHU.
	ViewOwn Action = "view-own"
	// ViewAll reads every member, report and audit trail of the
	// cooperative.
	ViewAll Action = "view-all"
	// Record writes members' transactions: admissions, deposits,
	// withdrawals, reversals, loan applications, disbursements and
	// repayments, sales, imports.
	Record Action = "record"
	// Book writes the general journal and closes periods and years.
	Book Action = "book"
	// Approve rejects loans, approves write-offs and restructurings,
	// reopens periods, convenes the RAT, passes its resolutions and
	// distributes SHU: the checker's side of maker-checker, never on one's
	// own request.
	Approve Action = "approve"
	// ApproveLoan gives a loan the approval of a role the approver holds
	// and the loan's amount needs (domain/loan): the board's, and the
	// pengawas's where the bylaws ask it.
	ApproveLoan Action = "approve-loan"
	// Configure changes policies, the chart of accounts, loan products,
	// the SHU terms and registers officers' keys.
	Configure Action = "configure"
	// Seal seals the log with the chair's key.
	Seal Action = "seal"
	// Assess answers the health assessment's checklists.
	Assess Action = "assess"
	// Verify checks the log and exports the auditor's package.
	Verify Action = "verify"
	// ManageUsers adds people, grants and revokes roles, issues and
	// revokes API tokens.
	ManageUsers Action = "manage-users"
)

// Actions returns every action.
func Actions() []Action {
	return []Action{ViewOwn, ViewAll, Record, Book, Approve, ApproveLoan, Configure, Seal, Assess, Verify, ManageUsers}
}

// grants is what each role allows. A loan's approvals name the roles its
// amount needs (domain/loan); ApproveLoan lets the pengawas give the one
// the bylaws ask of them, and nothing else of the board's.
func grants(r Role) []Action {
	switch r {
	case Admin:
		return []Action{ViewAll, ManageUsers, Configure}
	case Bendahara:
		return []Action{ViewAll, Record, Book, Verify}
	case Teller:
		return []Action{ViewAll, Record}
	case Pengurus:
		return []Action{ViewAll, Approve, ApproveLoan, Configure, Verify}
	case Ketua:
		return []Action{ViewAll, Approve, ApproveLoan, Configure, Seal, Verify}
	case Pengawas:
		return []Action{ViewAll, Assess, ApproveLoan, Verify}
	case Auditor:
		return []Action{ViewAll, Verify}
	case Anggota:
		return []Action{ViewOwn}
	}
	panic(fmt.Sprintf("access: unknown role %q", r))
}

// Allowed reports whether any of roles allows a. ViewAll includes
// ViewOwn.
func Allowed(roles []Role, a Action) bool {
	for _, r := range roles {
		g := grants(r)
		if slices.Contains(g, a) || (a == ViewOwn && slices.Contains(g, ViewAll)) {
			return true
		}
	}
	return false
}

// ErrOwnRequest refuses a checker's decision on a request they made
// themselves (maker-checker).
var ErrOwnRequest = fmt.Errorf("access: nobody approves their own request")

// CheckNotMaker refuses an approval by the person who made the request.
func CheckNotMaker(maker, checker string) error {
	if maker != "" && maker == checker {
		return ErrOwnRequest
	}
	return nil
}
