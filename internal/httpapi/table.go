package httpapi

import (
	"net/http"

	"github.com/lumbung-ledger/lumbung/domain/access"
	"github.com/lumbung-ledger/lumbung/domain/cooperative"
	"github.com/lumbung-ledger/lumbung/internal/importer"
	"github.com/lumbung-ledger/lumbung/internal/report"
)

// table is the one route table: the router and the OpenAPI document are
// both built from it.
func (a *API) table() []Route {
	get, post := http.MethodGet, http.MethodPost
	asOf := []string{"as_of"}
	asOfKnown := []string{"as_of", "as_known_at"}
	yearKnown := []string{"year", "as_known_at"}
	stmtQuery := []string{"as_of", "compare", "unit", "as_known_at"}
	routes := []Route{
		{Method: get, Pattern: "/cooperative", Action: access.ViewOwn, Summary: "The cooperative: name, currency, policy in force, today", Response: CooperativeJSON{}, handle: a.getCooperative},
		{Method: get, Pattern: "/dashboard", Action: access.ViewAll, Summary: "Today's figures: cash, savings, loans outstanding, NPL, members, recent activity", Response: DashboardJSON{}, handle: a.dashboard},
		{Method: get, Pattern: "/members", Action: access.ViewOwn, Summary: "Members, searched by id or name (an anggota sees only themselves)", Query: []string{"q", "limit", "offset"}, Response: MembersJSON{}, handle: a.listMembers},
		{Method: post, Pattern: "/members", Action: access.Record, Summary: "Admit a member; the simpanan pokok is recorded as paid unless no_pokok", Request: AdmitRequest{}, Response: ResultJSON{}, handle: a.admit},
		{Method: get, Pattern: "/members/{member}", Action: access.ViewOwn, Summary: "A member with balances, passbook, loans and SHU shares", Response: MemberDetailJSON{}, handle: a.getMember},
		{Method: get, Pattern: "/members/{member}/passbook", Action: access.ViewOwn, Summary: "A member's passbook", Response: PassbookJSON{}, handle: a.getPassbook},
		{Method: post, Pattern: "/members/{member}/deposits", Action: access.Record, Summary: "Record a deposit", Request: MoveRequest{}, Response: MoveJSON{}, handle: a.move(false)},
		{Method: post, Pattern: "/members/{member}/withdrawals", Action: access.Record, Summary: "Record a withdrawal", Request: MoveRequest{}, Response: MoveJSON{}, handle: a.move(true)},
		{Method: post, Pattern: "/members/{member}/exit", Action: access.Record, Summary: "Settle a member's exit: pokok, wajib and sukarela refunded, less what they owe", Request: ExitRequest{}, Response: ResultJSON{}, handle: a.exitMember},
		{Method: post, Pattern: "/reversals", Action: access.Record, Summary: "Reverse a deposit, a withdrawal or a journal entry by its reference", Request: ReverseRequest{}, Response: ResultJSON{}, handle: a.reverse},
		{Method: get, Pattern: "/loan-products", Action: access.ViewOwn, Summary: "The loan products in force", Response: ProductsJSON{}, handle: a.listProducts},
		{Method: post, Pattern: "/loan-products", Action: access.Configure, Summary: "Define a version of a loan product, in force from a date", Request: ProductRequest{}, Response: ResultJSON{}, handle: a.defineProduct},
		{Method: get, Pattern: "/policy", Action: access.ViewAll, Summary: "Every version of the cooperative's policy (bylaws)", Response: PoliciesJSON{}, handle: a.getPolicy},
		{Method: post, Pattern: "/policy", Action: access.Configure, Summary: "Adopt a new version of the policy from a date; terms not given stay as they are", Request: PolicyRequest{}, Response: ResultJSON{}, handle: a.setPolicy},
		{Method: get, Pattern: "/accounts", Action: access.ViewAll, Summary: "The chart of accounts with classes, flags and roles", Formats: reportFormats, Response: StatementJSON{}, handle: a.listAccounts},
		{Method: post, Pattern: "/accounts", Action: access.Configure, Summary: "Add an account to the chart", Request: AccountRequest{}, Response: ResultJSON{}, handle: a.addAccount},
		{Method: post, Pattern: "/accounts/{code}/rename", Action: access.Configure, Summary: "Give an account a new caption; its code never changes", Request: RenameRequest{}, Response: ResultJSON{}, handle: a.renameAccount},
		{Method: post, Pattern: "/accounts/{code}/close", Action: access.Configure, Summary: "Close an account with a zero balance: nothing may be posted to it from the date on", Request: CloseAccountRequest{}, Response: ResultJSON{}, handle: a.closeAccount},
		{Method: get, Pattern: "/units", Action: access.ViewAll, Summary: "The business units (unit usaha); the first is where members' savings are booked", Response: UnitsJSON{}, handle: a.listUnits},
		{Method: post, Pattern: "/units", Action: access.Configure, Summary: "Add a business unit (toko, klinik, apotek, ...)", Request: UnitRequest{}, Response: ResultJSON{}, handle: a.addUnit},
		{Method: get, Pattern: "/shu-policy", Action: access.ViewAll, Summary: "Every version of the SHU terms: pools and their accounts, capital, measure, rounding, quorum", Response: SHUPoliciesJSON{}, handle: a.getSHUPolicy},
		{Method: post, Pattern: "/shu-policy", Action: access.Configure, Summary: "Adopt a version of the SHU terms from a date by a decision; the pools must sum to exactly 100 %", Request: SHUPolicyRequest{}, Response: ResultJSON{}, handle: a.setSHUPolicy},
		{Method: post, Pattern: "/keys", Action: access.Configure, Summary: "Register an officer's public signing key on the board's decision: every seal from then on must be signed with it", Request: KeyRequest{}, Response: ResultJSON{}, handle: a.registerKey},
		{Method: get, Pattern: "/users", Action: access.ManageUsers, Summary: "The users with their roles, member and API tokens (never a password or a token's text)", Response: UsersJSON{}, handle: a.listUsers},
		{Method: post, Pattern: "/users", Action: access.ManageUsers, Summary: "Add a user; without a password one is generated and answered this once (a resubmission answers 409 secret_not_replayed)", Request: NewUserRequest{}, Response: PasswordJSON{}, Secret: true, handle: a.addUser},
		{Method: post, Pattern: "/users/{user}/grant", Action: access.ManageUsers, Summary: "Give a user roles", Request: RolesRequest{}, Response: UserJSON{}, handle: a.roles(true)},
		{Method: post, Pattern: "/users/{user}/revoke", Action: access.ManageUsers, Summary: "Take roles from a user; their sessions lose them at once", Request: RolesRequest{}, Response: UserJSON{}, handle: a.roles(false)},
		{Method: post, Pattern: "/users/{user}/disable", Action: access.ManageUsers, Summary: "Stop a user from signing in; their sessions and tokens stop at once", Request: Empty{}, Response: UserJSON{}, handle: a.disableUser},
		{Method: post, Pattern: "/users/{user}/password", Action: access.ManageUsers, Summary: "Set a user's password; without one a password is generated and answered this once (a resubmission answers 409 secret_not_replayed)", Request: PasswordRequest{}, Response: PasswordJSON{}, Secret: true, handle: a.setPassword},
		{Method: post, Pattern: "/users/{user}/tokens", Action: access.ManageUsers, Summary: "Issue an API token to a user, answered this once (only its hash is kept; a resubmission answers 409 secret_not_replayed)", Request: TokenRequest{}, Response: IssuedTokenJSON{}, Secret: true, handle: a.issueToken},
		{Method: post, Pattern: "/tokens/{id}/revoke", Action: access.ManageUsers, Summary: "Revoke an API token; it stops working at once", Request: Empty{}, Response: TokenJSON{}, handle: a.revokeToken},
		{Method: get, Pattern: "/loans", Action: access.ViewOwn, Summary: "Loans with status, outstanding principal, days past due and class (an anggota sees only theirs)", Query: asOf, Response: LoansJSON{}, handle: a.listLoans},
		{Method: post, Pattern: "/loans", Action: access.Record, Summary: "Record a loan application", Request: ApplyRequest{}, Response: ResultJSON{}, handle: a.applyLoan},
		{Method: get, Pattern: "/loans/{loan}", Action: access.ViewOwn, Summary: "A loan on a date", Query: asOf, Response: LoanJSON{}, handle: a.getLoan},
		{Method: get, Pattern: "/loans/{loan}/schedule", Action: access.ViewOwn, Summary: "A loan's schedule", Formats: reportFormats, Response: ScheduleJSON{}, handle: a.getSchedule},
		{Method: post, Pattern: "/loans/{loan}/approvals", Action: access.ApproveLoan, Summary: "Approve a loan in a role (never by whoever recorded it)", Request: ApproveRequest{}, Response: ResultJSON{}, handle: a.approveLoan},
		{Method: post, Pattern: "/loans/{loan}/rejection", Action: access.Approve, Summary: "Refuse a loan application", Request: RejectRequest{}, Response: ResultJSON{}, handle: a.rejectLoan},
		{Method: post, Pattern: "/loans/{loan}/disbursement", Action: access.Record, Summary: "Pay an approved loan out and draw its schedule", Request: DisburseRequest{}, Response: ResultJSON{}, handle: a.disburseLoan},
		{Method: post, Pattern: "/loans/{loan}/repayments", Action: access.Record, Summary: "Record a repayment", Request: RepayRequest{}, Response: ResultJSON{}, handle: loanPayment(a.svc.RepayLoan)},
		{Method: post, Pattern: "/loans/{loan}/settlement", Action: access.Record, Summary: "Pay a loan off early: what is due and the principal not yet due; interest not yet due is waived", Request: SettleRequest{}, Response: ResultJSON{}, handle: a.settleLoan},
		{Method: post, Pattern: "/loans/{loan}/write-off", Action: access.Approve, Summary: "Write a loan off on the board's decision", Request: WriteOffRequest{}, Response: ResultJSON{}, handle: a.writeOffLoan},
		{Method: post, Pattern: "/loans/{loan}/restructure", Action: access.Approve, Summary: "Draw a new schedule for a loan's outstanding principal by a decision of the board: overdue interest carried into the first instalment, penalties waived", Request: RestructureRequest{}, Response: RestructuredJSON{}, handle: a.restructureLoan},
		{Method: post, Pattern: "/loans/{loan}/recovery", Action: access.Record, Summary: "Record money received on a written-off loan", Request: RepayRequest{}, Response: ResultJSON{}, handle: loanPayment(a.svc.RecoverLoan)},
		{Method: post, Pattern: "/loans/review", Action: access.Book, Summary: "Classify every active loan by days past due and record the allowance (PPAP) they require", Request: ReviewRequest{}, Response: ReviewJSON{}, handle: a.reviewLoans},
		{Method: post, Pattern: "/sales", Action: access.Record, Summary: "Record a sale of a shop unit: its revenue (and the cost of the goods when given), to a member or a non-member", Request: SaleRequest{}, Response: ResultJSON{}, handle: a.recordSale},
		{Method: post, Pattern: "/imports", Action: access.Record, Summary: "Import a CSV of members' transactions (text/csv: date,member,kind,amount,ref[,name,...]) all or nothing; the bad rows are answered with their lines", Query: []string{"dry_run"}, Body: "text/csv", MaxBody: maxImport, Response: ImportJSON{}, handle: a.importRows},
		{Method: post, Pattern: "/journal/imports", Action: access.Book, Summary: "Post a CSV of journal lines (text/csv: " + importer.JournalHeader + ") all or nothing; the rows of one ref form one entry", Query: []string{"dry_run"}, Body: "text/csv", MaxBody: maxImport, Response: ImportJSON{}, handle: a.importJournal},
		{Method: post, Pattern: "/journal", Action: access.Book, Summary: "Post a balanced entry to the general journal", Request: JournalRequest{}, Response: ResultJSON{}, handle: a.postJournal},
		{Method: get, Pattern: "/periods", Action: access.ViewAll, Summary: "The closed months and the closed financial years", Response: PeriodsJSON{}, handle: a.listPeriods},
		{Method: post, Pattern: "/periods/{month}/close", Action: access.Book, Summary: "Close a month", Request: Empty{}, Response: ResultJSON{}, handle: a.closePeriod},
		{Method: post, Pattern: "/periods/{month}/reopen", Action: access.Approve, Summary: "Reopen a closed month by a recorded decision of the board", Request: ReopenRequest{}, Response: ResultJSON{}, handle: a.reopenPeriod},
		{Method: post, Pattern: "/years/{year}/close", Action: access.Book, Summary: "Post the closing entries of a year whose twelve months are closed: revenue and expense to SHU for the year", Request: Empty{}, Response: YearClosedJSON{}, handle: a.closeYear},
		{Method: post, Pattern: "/shu/{year}/compute", Action: access.Book, Summary: "Compute the year's SHU", Request: Empty{}, Response: ResultJSON{}, handle: a.computeSHU},
		{Method: post, Pattern: "/rat/{year}/convene", Action: access.Approve, Summary: "Convene the year's RAT", Request: ConveneRequest{}, Response: ResultJSON{}, handle: a.conveneRAT},
		{Method: post, Pattern: "/rat/{year}/attendance", Action: access.Approve, Summary: "Record members attending the RAT: present, by proxy (held by another member) or online", Request: AttendanceRequest{}, Response: AttendanceJSON{}, handle: a.recordAttendance},
		{Method: get, Pattern: "/rat/{year}", Action: access.ViewAll, Summary: "The year's RAT: its attendance and resolutions", Formats: reportFormats, Response: StatementJSON{}, handle: a.ratRecord},
		{Method: post, Pattern: "/rat/{year}/resolutions", Action: access.Approve, Summary: "Record a resolution of the RAT", Request: ResolutionRequest{}, Response: ResultJSON{}, handle: a.passResolution},
		{Method: post, Pattern: "/shu/{year}/distribute", Action: access.Approve, Summary: "Distribute the year's approved SHU", Request: DistributeRequest{}, Response: DistributionJSON{}, handle: a.distributeSHU},
		{Method: post, Pattern: "/shu/{year}/pay/{member}", Action: access.Record, Summary: "Pay in cash the SHU share held for a member who left", Request: PaySHURequest{}, Response: SHUPaidJSON{}, handle: a.paySHU},
		{Method: get, Pattern: "/health/answers", Action: access.ViewAll, Summary: "The checklist indicators of the health assessment with their sub-indicators and, for a year, the answers in force", Query: []string{"year"}, Response: ChecklistsJSON{}, handle: a.listChecklists},
		{Method: post, Pattern: "/health/answers", Action: access.Assess, Summary: "Record a checklist answer of the health assessment; a later answer for the year and indicator supersedes the earlier", Request: AnswerRequest{}, Response: ResultJSON{}, handle: a.answerChecklist},
		{Method: post, Pattern: "/reports/submissions", Action: access.Book, Summary: "Record a report submitted to the Ministry (annual-report, quarter-1, quarter-2, quarter-3, semester) with the receipt's reference", Request: SubmissionRequest{}, Response: ResultJSON{}, handle: a.recordSubmission},
		{Method: get, Pattern: "/audit/verify", Action: access.Verify, Summary: "Walk every stream's hash chain and check the seals: the cooperative's seals, and a break elsewhere said only by its kind", Response: report.VerifyJSON{}, handle: a.verifyLog},
		{Method: get, Pattern: "/audit/trail", Action: access.Verify, Summary: "The audit trail: who recorded what and when, with event ids; by member, account, recorder or dates recorded", Query: []string{"member", "account", "actor", "from", "to"}, Formats: reportFormats, Response: StatementJSON{}, handle: a.auditTrail},
		{Method: get, Pattern: "/audit/package", Action: access.Verify, Summary: "The auditor's package of a year as a zip (lumbung audit export): the events up to a seal dated on or after the year's end (?seal= its root, else the last), the seal and key, the reports and a manifest; 409 when no seal covers the year", Query: []string{"year", "seal"}, Produces: "application/zip", handle: a.exportPackage},
		{Method: post, Pattern: "/audit/package/verification", Action: access.Verify, Summary: "Check an audit package (application/zip, up to 256 MiB) without the ledger, as lumbung audit verify --package --json: ?root= the seal it must end at, ?key= the key its seal must be signed with", Query: []string{"root", "key"}, Body: "application/zip", MaxBody: maxPackage, Response: PackageCheckJSON{}, handle: a.verifyPackage},
		{Method: post, Pattern: "/audit/seal", Action: access.Seal, Summary: "Seal the log unsigned; once the chair's key is registered a seal must be signed with lumbung audit seal --key, and this is refused", Request: SealRequest{}, Response: SealedJSON{}, handle: a.sealLog},
		{Method: get, Pattern: "/members/{member}/proof", Action: access.ViewOwn, Summary: "The proof that a member's passbook, as at the last seal, is in the seal", Response: report.ProofJSON{}, handle: a.memberProof},
		{Method: get, Pattern: "/reports/balances", Action: access.ViewAll, Summary: "Members' savings balances on a date", Query: asOfKnown, Response: BalancesJSON{}, handle: a.balancesReport},
		{Method: get, Pattern: "/reports/ledger", Action: access.ViewAll, Summary: "General ledger of one account (buku besar)", Query: []string{"account", "from", "as_of", "unit"}, Formats: reportFormats, Response: StatementJSON{}, handle: a.ledgerReport},
	}
	for _, s := range []struct {
		name, summary string
		build         statementBuild
	}{
		{"trial-balance", "Trial balance (neraca saldo)", report.TrialBalance},
		{"neraca", "Statement of financial position (Laporan Posisi Keuangan)", report.Neraca},
		{"hasil-usaha", "Statement of operating results (Laporan Hasil Usaha)", report.HasilUsaha},
		{"ekuitas", "Statement of changes in equity (Laporan Perubahan Ekuitas)", report.Ekuitas},
		{"arus-kas", "Statement of cash flows (Laporan Arus Kas)", report.ArusKas},
	} {
		routes = append(routes, Route{Method: get, Pattern: "/reports/" + s.name, Action: access.ViewAll, Summary: s.summary,
			Query: stmtQuery, Formats: reportFormats, Response: StatementJSON{}, handle: a.statement(s.name, s.build)})
	}
	for _, l := range []struct {
		name, summary string
		build         loanReportBuild
	}{
		{"portfolio", "Loan portfolio by product", report.LoanPortfolio},
		{"aging", "Loan aging by days past due", report.LoanAging},
		{"collectibility", "Loan collectibility, allowance (PPAP), NPL", report.LoanCollectibility},
		{"lending-limits", "Lending limits (BMPP)", report.LendingLimits},
	} {
		routes = append(routes, Route{Method: get, Pattern: "/reports/" + l.name, Action: access.ViewAll, Summary: l.summary,
			Query: asOfKnown, Formats: reportFormats, Response: StatementJSON{}, handle: a.loanReport(l.name, l.build)})
	}
	for _, y := range []struct {
		name, summary string
		build         func(*call, string, *cooperative.YearEnd) (report.Statement, error)
	}{
		{"shu", "The SHU calculation of a year (perhitungan SHU): the surplus, the pools, the bases and the residue",
			func(c *call, name string, y *cooperative.YearEnd) (report.Statement, error) {
				return report.SHUCalculation(c.pr, name, y), nil
			}},
		{"shu-members", "Daftar Pembagian SHU: every member's bases, jasa modal, jasa usaha and payout, with the residue",
			func(c *call, name string, y *cooperative.YearEnd) (report.Statement, error) {
				return report.SHUList(c.pr, name, y), nil
			}},
	} {
		routes = append(routes, Route{Method: get, Pattern: "/reports/" + y.name, Action: access.ViewAll, Summary: y.summary,
			Query: yearKnown, Formats: reportFormats, Response: StatementJSON{}, handle: a.yearEndReport(y.name, y.build)})
	}
	routes = append(routes,
		Route{Method: get, Pattern: "/members/{member}/shu-slip", Action: access.ViewOwn, Summary: "A member's SHU slip of a year: their bases, their shares and how they are paid",
			Query: yearKnown, Formats: reportFormats, Response: StatementJSON{}, handle: a.shuSlip},
		Route{Method: get, Pattern: "/reports/rat-pack", Action: access.ViewAll, Summary: "The RAT pack of a year that has ended, as one PDF: statements, SHU, loans, members, charts, attendance and resolutions",
			Query: yearKnown, Formats: []string{"pdf"}, handle: a.ratPack},
	)
	for _, w := range report.HealthWorksheets() {
		routes = append(routes, Route{Method: get, Pattern: "/reports/" + w.Name, Action: access.ViewAll, Summary: w.Summary + " (a year that has ended)",
			Query: yearKnown, Formats: reportFormats, Response: StatementJSON{}, handle: a.healthReport(w)})
	}
	routes = append(routes,
		Route{Method: get, Pattern: "/reports/kepatuhan", Action: access.ViewAll, Summary: "Prudential compliance (Permenkop 8/2023): each limit with its figure, the limit, pass or fail",
			Query: asOfKnown, Formats: reportFormats, Response: StatementJSON{}, handle: a.compliance},
		Route{Method: get, Pattern: "/reports/kalender", Action: access.ViewAll, Summary: "Regulatory calendar of a financial year: due dates and status",
			Query: []string{"year", "as_of", "secondary", "as_known_at"}, Formats: reportFormats, Response: StatementJSON{}, handle: a.regulatoryCalendar},
	)
	return routes
}
