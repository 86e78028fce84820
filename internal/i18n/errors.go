package i18n

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/shopspring/decimal"

	"github.com/lumbung-ledger/lumbung/domain/calendar"
	"github.com/lumbung-ledger/lumbung/domain/cooperative"
	"github.com/lumbung-ledger/lumbung/domain/health"
	"github.com/lumbung-ledger/lumbung/domain/input"
	"github.com/lumbung-ledger/lumbung/domain/ledger"
	"github.com/lumbung-ledger/lumbung/domain/loan"
	"github.com/lumbung-ledger/lumbung/domain/member"
	"github.com/lumbung-ledger/lumbung/domain/money"
	"github.com/lumbung-ledger/lumbung/domain/savings"
	"github.com/lumbung-ledger/lumbung/internal/app"
	"github.com/lumbung-ledger/lumbung/internal/codec"
	"github.com/lumbung-ledger/lumbung/internal/eventstore"
	"github.com/lumbung-ledger/lumbung/internal/importer"
)

// Explain says what went wrong, with the figures, in the printer's
// language. Errors it does not know are shown as they are.
func (p Printer) Explain(err error) string {
	var (
		inErr     *input.Error
		amountErr *money.AmountError
		moneySyn  *money.SyntaxError
		dateSyn   *calendar.SyntaxError
		funds     *savings.InsufficientFundsError
		notW      *savings.NotWithdrawableError
		admitted  *member.AlreadyAdmittedError
		inactive  *member.NotActiveError
		pokok     *member.PokokAlreadyPaidError
		dupRef    *member.DuplicateRefError
		reversed  *member.AlreadyReversedError
		notRev    *member.NotReversibleError
		loans     *member.LoanOutstandingError
		later     *member.LaterTransactionsError
		fileErr   *importer.FileError
		dupFile   *importer.DuplicateInFileError
		rowsErr   *importer.RowsError
		rowErr    *importer.RowError
		chain     *codec.ChainError
		corrupt   *codec.CorruptError
		unbal     *ledger.UnbalancedError
		closedPer *ledger.ClosedPeriodError
		closedAcc *ledger.ClosedAccountError
		cash      *ledger.InsufficientCashError
		hasBal    *cooperative.HasBalanceError
		openMon   *cooperative.OpenMonthsError
	)
	// A file's rows first: each is explained with its line.
	if errors.As(err, &rowsErr) {
		return p.rows(rowsErr)
	}
	if errors.As(err, &rowErr) {
		return fmt.Sprintf(p.T("baris %d: %s", "line %d: %s"), rowErr.Line, p.Explain(rowErr.Err))
	}
	if s, ok := p.loan(err); ok {
		return s
	}
	if s, ok := p.yearEnd(err); ok {
		return s
	}
	if s, ok := p.seals(err); ok {
		return s
	}
	if s, ok := p.access(err); ok {
		return s
	}
	switch {
	case errors.As(err, &rowsErr):
		return p.rows(rowsErr)
	case errors.As(err, &rowErr):
		return fmt.Sprintf(p.T("baris %d: %s", "line %d: %s"), rowErr.Line, p.Explain(rowErr.Err))
	case errors.As(err, &inErr):
		return p.input(inErr)
	case errors.As(err, &amountErr):
		return p.amount(amountErr)
	case errors.As(err, &moneySyn):
		return fmt.Sprintf(p.T("%q bukan jumlah uang: tulis angka saja, tanpa titik ribuan atau \"Rp\", misalnya 150000",
			"%q is not an amount: write digits only, without thousands separators or \"Rp\", for example 150000"), moneySyn.Input)
	case errors.As(err, &dateSyn):
		if dateSyn.Impossible {
			return fmt.Sprintf(p.T("%q bukan tanggal yang ada di kalender", "%q is not a day of the calendar"), dateSyn.Input)
		}
		return fmt.Sprintf(p.T("%q bukan tanggal: gunakan format YYYY-MM-DD, misalnya 2025-01-31",
			"%q is not a date: use YYYY-MM-DD, for example 2025-01-31"), dateSyn.Input)
	case errors.As(err, &funds):
		return fmt.Sprintf(p.T("Saldo %s anggota %s pada %s adalah %s (dapat ditarik %s); diminta %s. Tidak ada yang dicatat.",
			"The %s balance of member %s on %s is %s (available %s); requested %s. Nothing was recorded."),
			p.Product(string(funds.Product)), funds.Member, funds.On, p.Money(funds.Balance), p.Money(funds.Available), p.Money(funds.Requested))
	case errors.As(err, &notW):
		return fmt.Sprintf(p.T("%s anggota %s tidak dapat ditarik selama ia masih anggota: simpanan pokok dan wajib adalah modal sendiri koperasi dan hanya dikembalikan saat keluar (UU 25/1992 Pasal 41; AD/ART). Gunakan \"lumbung member exit\".",
			"%s of member %s cannot be withdrawn while they are a member: pokok and wajib are the cooperative's own capital and are refunded only on exit (UU 25/1992 Art. 41; bylaws). Use \"lumbung member exit\"."),
			capitalize(p.Product(string(notW.Product))), notW.Member)
	case errors.As(err, &admitted):
		return fmt.Sprintf(p.T("Anggota %s sudah diterima pada %s.", "Member %s was already admitted on %s."), admitted.Member, admitted.On)
	case errors.As(err, &inactive):
		return fmt.Sprintf(p.T("Anggota %s sudah keluar sejak %s; tidak ada transaksi baru.", "Member %s has exited since %s; no new transactions."), inactive.Member, inactive.Since)
	case errors.As(err, &pokok):
		return fmt.Sprintf(p.T("Anggota %s sudah membayar simpanan pokok %s pada %s (ref %s); simpanan pokok dibayar sekali.",
			"Member %s already paid simpanan pokok %s on %s (ref %s); it is paid once."), pokok.Member, p.Money(pokok.Amount), pokok.On, pokok.Ref)
	case errors.As(err, &dupRef):
		if dupRef.Member != "" {
			return fmt.Sprintf(p.T("Referensi %q sudah dipakai untuk transaksi lain (anggota %s). Pakai referensi baru.",
				"Reference %q is already used for another transaction (member %s). Use a new reference."), dupRef.Ref, dupRef.Member)
		}
		return fmt.Sprintf(p.T("Referensi %q sudah dipakai untuk transaksi lain. Pakai referensi baru.",
			"Reference %q is already used for another transaction. Use a new reference."), dupRef.Ref)
	case errors.As(err, &dupFile):
		return fmt.Sprintf(p.T("referensi %q sudah dipakai di baris %d berkas ini", "reference %q is already used on line %d of this file"), dupFile.Ref, dupFile.Line)
	case errors.As(err, &reversed):
		return fmt.Sprintf(p.T("Transaksi %q sudah dikoreksi; koreksi hanya sekali.", "Transaction %q is already reversed; a reversal happens once."), reversed.Ref)
	case errors.As(err, &notRev):
		return fmt.Sprintf(p.T("%q adalah %s dan tidak dapat dikoreksi; hanya setoran dan penarikan yang dapat dikoreksi.",
			"%q is an %s and cannot be reversed; only deposits and withdrawals can."), notRev.Ref, p.T(map[member.TransactionKind]string{member.TxAdmission: "penerimaan anggota", member.TxExit: "keluarnya anggota"}[notRev.Kind], string(notRev.Kind)))
	case errors.As(err, &loans):
		return fmt.Sprintf(p.T("Anggota %s masih berutang %s pada pinjaman, lebih dari simpanan yang dikembalikan (%s); lunasi selisihnya dahulu sebelum keluar.",
			"Member %s still owes %s on loans, more than the savings refunded (%s); repay the difference before the exit."), loans.Member, p.Money(loans.Outstanding), p.Money(loans.Refunds))
	case errors.As(err, &later):
		return fmt.Sprintf(p.T("Anggota %s memiliki transaksi bertanggal %s, setelah tanggal keluar %s.",
			"Member %s has transactions dated %s, after the exit date %s."), later.Member, later.Last, later.Exit)
	case errors.As(err, &unbal):
		diff := unbal.Debit.Sub(unbal.Credit)
		if diff.IsNegative() {
			diff = diff.Neg()
		}
		return fmt.Sprintf(p.T("Jurnal tidak seimbang: jumlah debit %s, jumlah kredit %s, selisih %s. Tidak ada yang dicatat.",
			"The entry does not balance: debits total %s, credits total %s, a difference of %s. Nothing was recorded."),
			p.Money(unbal.Debit), p.Money(unbal.Credit), p.Money(diff))
	case errors.As(err, &closedPer):
		return fmt.Sprintf(p.T("Periode %s sudah ditutup; transaksi bertanggal %s tidak dapat dicatat. Beri tanggal dalam periode yang masih terbuka, atau buka kembali periode itu berdasarkan keputusan: \"lumbung period reopen %s --decision REF\".",
			"Period %s is closed; a transaction dated %s cannot be recorded. Date it in an open period, or reopen the period by a decision: \"lumbung period reopen %s --decision REF\"."),
			closedPer.Period, closedPer.On, closedPer.Period)
	case errors.As(err, &closedAcc):
		return fmt.Sprintf(p.T("Akun %s (%s) ditutup pada %s; tidak ada yang dapat dicatat padanya dengan tanggal %s. Tidak ada yang dicatat.",
			"Account %s (%s) was closed on %s; nothing dated %s can be posted to it. Nothing was recorded."),
			closedAcc.Account, closedAcc.Name, closedAcc.Closed, closedAcc.On)
	case errors.As(err, &cash):
		return fmt.Sprintf(p.T("Akun %s (%s) hanya memiliki %s yang tersedia mulai %s (saldo terendahnya sejak tanggal itu); pembayaran ini memerlukan %s. Tidak ada yang dicatat.",
			"Account %s (%s) has only %s available from %s on (its lowest balance from that date); the payment needs %s. Nothing was recorded."),
			cash.Account, cash.Name, p.Money(cash.Available), cash.On, p.Money(cash.Amount))
	case errors.As(err, &hasBal):
		return fmt.Sprintf(p.T("Akun %s masih bersaldo %s; akun hanya dapat ditutup bila saldonya nol. Pindahkan saldonya lebih dahulu dengan \"lumbung journal post\".",
			"Account %s still has a balance of %s; an account can be closed only when its balance is zero. Move the balance first with \"lumbung journal post\"."),
			hasBal.Code, p.Money(hasBal.Balance))
	case errors.Is(err, cooperative.ErrAccountHasBalance):
		return p.T("Akun ini masih bersaldo; akun hanya dapat ditutup bila saldonya nol.", "The account still has a balance; an account can be closed only when its balance is zero.")
	case errors.Is(err, cooperative.ErrAccountHasRole):
		code, role := cutDetail(detail(err, cooperative.ErrAccountHasRole), " (")
		return fmt.Sprintf(p.T("Akun %s dipakai aturan pencatatan (peran %s) dan tidak dapat ditutup.",
			"Account %s is used by the posting rules (role %s) and cannot be closed."), code, strings.TrimSuffix(role, ")"))
	case errors.Is(err, cooperative.ErrAlreadyClosed):
		code, on := cutDetail(detail(err, cooperative.ErrAlreadyClosed), " on ")
		return fmt.Sprintf(p.T("Akun %s sudah ditutup pada %s.", "Account %s was already closed on %s."), code, on)
	case errors.Is(err, cooperative.ErrAlreadyReversed):
		return fmt.Sprintf(p.T("Jurnal %q sudah dikoreksi; koreksi hanya sekali.", "Journal entry %q is already reversed; a reversal happens once."),
			detail(err, cooperative.ErrAlreadyReversed))
	case errors.Is(err, cooperative.ErrYearClosed):
		return fmt.Sprintf(p.T("Tahun buku %s sudah ditutup; bulan-bulannya tidak dapat dibuka kembali.",
			"Financial year %s is closed; its months cannot be reopened."), detail(err, cooperative.ErrYearClosed))
	case errors.Is(err, cooperative.ErrYearNotEnded):
		year, last := cutDetail(detail(err, cooperative.ErrYearNotEnded), " ends on ")
		return fmt.Sprintf(p.T("Tahun buku %s belum berakhir (hari terakhirnya %s); tahun buku ditutup setelah hari terakhirnya lewat.",
			"Financial year %s has not ended (its last day is %s); a year is closed once its last day has passed."), year, last)
	case errors.As(err, &openMon):
		months := make([]string, len(openMon.Open))
		for i, m := range openMon.Open {
			months[i] = m.String()
		}
		return fmt.Sprintf(p.T("Tahun buku %d belum dapat ditutup: %d bulan masih terbuka (%s). Tutup dahulu bulan-bulan itu dengan \"lumbung period close YYYY-MM\".",
			"Financial year %d cannot be closed yet: %d months are still open (%s). Close those months first with \"lumbung period close YYYY-MM\"."),
			openMon.Year, len(openMon.Open), strings.Join(months, ", "))
	case errors.Is(err, cooperative.ErrNotRegistered):
		return p.T("Koperasi ini belum terdaftar di penyimpanan ini; daftarkan dengan \"lumbung init\".",
			"This cooperative is not registered in this store; register it with \"lumbung init\".")
	case errors.Is(err, cooperative.ErrAlreadyRegistered):
		return p.T("Koperasi ini sudah terdaftar di penyimpanan ini.", "This cooperative is already registered in this store.")
	case errors.Is(err, importer.ErrLoanProduct):
		return p.T("baris pinjaman tidak menyebut produk (kolom product), dan koperasi tidak memiliki tepat satu produk pinjaman", "the loan row names no product (column product), and the cooperative has not exactly one loan product")
	case errors.As(err, &fileErr):
		return p.file(fileErr)
	case errors.Is(err, app.ErrExitPending):
		return p.T("Pinjaman ini sudah diperhitungkan dengan simpanan anggota yang keluar dan pelunasannya belum tercatat; jalankan \"lumbung loans review\" dahulu.",
			"This loan was netted against its borrower's savings at their exit and its settlement is not recorded yet; run \"lumbung loans review\" first.")
	case errors.Is(err, app.ErrBatchConflict):
		return p.T("Data anggota berubah selama impor berlangsung; tidak ada yang ditulis. Jalankan impor lagi.",
			"A member's data changed while the import ran; nothing was written. Run the import again.")
	case errors.As(err, &chain):
		return fmt.Sprintf(p.T("Rantai hash rusak: aliran %s, revisi %d, peristiwa %s: %s. Log telah diubah di luar Lumbung; jangan menulis lagi dan hubungi pengawas.",
			"The hash chain is broken: stream %s, revision %d, event %s: %s. The log was altered outside Lumbung; stop writing and call the supervisors."),
			chain.Stream, chain.Revision, chain.ID, chain.Problem)
	case errors.As(err, &corrupt):
		return fmt.Sprintf(p.T("Peristiwa tersimpan tidak dapat dibaca: aliran %s, revisi %d, peristiwa %s: %s.",
			"A stored event cannot be read: stream %s, revision %d, event %s: %s."), corrupt.Stream, corrupt.Revision, corrupt.ID, corrupt.Problem)
	case errors.Is(err, eventstore.ErrWrongExpectedRevision):
		return p.T("Data ini sedang diubah oleh pencatat lain dan perintah tidak berhasil setelah beberapa kali mencoba; tidak ada yang ditulis. Coba lagi.",
			"Another recorder kept changing this data and the command did not get through after several tries; nothing was written. Try again.")
	case errors.Is(err, eventstore.ErrDuplicateEventID):
		return p.T("Referensi ini sudah dipakai untuk transaksi lain; tidak ada yang ditulis. Pakai referensi baru.",
			"This reference is already used for another transaction; nothing was written. Use a new reference.")
	case errors.Is(err, context.Canceled):
		return p.T("Perintah dihentikan sebelum selesai; yang belum selesai tidak ditulis.", "The command was stopped before it finished; what was not finished was not written.")
	case errors.Is(err, eventstore.ErrCorrupt):
		return p.T("Penyimpanan rusak: ", "The store is corrupt: ") + err.Error()
	case errors.Is(err, eventstore.ErrUnavailable):
		return p.T("Penyimpanan tidak dapat dipakai: ", "The store cannot be used: ") + err.Error()
	}
	return err.Error()
}

// detail returns what err says after sentinel: the figures a domain
// error wrapped with fmt.Errorf("%w: ...") carries, "" if none.
func detail(err, sentinel error) string {
	msg, prefix := err.Error(), sentinel.Error()+": "
	if i := strings.Index(msg, prefix); i >= 0 {
		return msg[i+len(prefix):]
	}
	return ""
}

// cutDetail splits a detail around sep; when sep is missing, the whole
// detail is the first figure and the second is "?".
func cutDetail(d, sep string) (string, string) {
	if a, b, ok := strings.Cut(d, sep); ok {
		return a, b
	}
	if d == "" {
		d = "?"
	}
	return d, "?"
}

func capitalize(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

func (p Printer) rows(e *importer.RowsError) string {
	var b strings.Builder
	fmt.Fprintf(&b, p.T("Impor ditolak: %d baris bermasalah; tidak ada yang ditulis.", "Import refused: %d bad rows; nothing was written."), e.Count)
	for _, r := range e.Rows {
		b.WriteString("\n  ")
		b.WriteString(p.Explain(r))
	}
	if more := e.Count - len(e.Rows); more > 0 {
		fmt.Fprintf(&b, p.T("\n  ... dan %d baris lain", "\n  ... and %d more rows"), more)
	}
	return b.String()
}

func (p Printer) file(e *importer.FileError) string {
	switch e.Problem {
	case importer.FileEmpty:
		header := e.Header
		if header == "" {
			header = "date,member,kind,amount,ref"
		}
		return fmt.Sprintf(p.T("Berkas kosong: baris pertama harus berupa header %s.", "The file is empty: the first line must be the header %s."), header)
	case importer.FileTooLarge:
		return fmt.Sprintf(p.T("Berkas terlalu besar: batasnya %d byte. Bagi berkas menjadi beberapa bagian.", "The file is too large: the limit is %d bytes. Split it into parts."), e.Limit)
	case importer.FileTooManyRows:
		return fmt.Sprintf(p.T("Berkas terlalu banyak baris (baris %d): batasnya %d baris data. Bagi berkas menjadi beberapa bagian.", "Too many rows (line %d): the limit is %d data rows. Split the file into parts."), e.Line, e.Limit)
	case importer.FileLineTooLong:
		return fmt.Sprintf(p.T("Baris %d terlalu panjang: batasnya %d byte per baris. Apakah ini berkas CSV?", "Line %d is too long: the limit is %d bytes per line. Is this a CSV file?"), e.Line, e.Limit)
	case importer.FileHeader:
		return fmt.Sprintf(p.T("Header salah pada kolom %q: %s.", "Wrong header at column %q: %s."), e.Column, e.Detail)
	case importer.FileEncoding:
		return fmt.Sprintf(p.T("Baris %d bukan teks UTF-8. Simpan berkas sebagai CSV UTF-8.", "Line %d is not UTF-8 text. Save the file as CSV UTF-8."), e.Line)
	}
	return fmt.Sprintf(p.T("Baris %d bukan CSV yang sah: %s.", "Line %d is not valid CSV: %s."), e.Line, e.Detail)
}

func (p Printer) amount(e *money.AmountError) string {
	switch e.Problem {
	case money.ProblemZero:
		return fmt.Sprintf(p.T("%s 0: jumlah harus lebih dari nol", "%s 0: the amount must be greater than zero"), e.Field)
	case money.ProblemNegative:
		return fmt.Sprintf(p.T("%s %s: jumlah tidak boleh negatif; koreksi dicatat dengan \"lumbung reverse\"", "%s %s: the amount cannot be negative; corrections are recorded with \"lumbung reverse\""), e.Field, e.Amount)
	case money.ProblemDecimals:
		return fmt.Sprintf(p.T("%s %s: tulis jumlah tanpa titik atau koma, misalnya 1000 untuk seribu rupiah", "%s %s: write the amount without a decimal point or separators, for example 1000 for one thousand rupiah"), e.Field, e.Amount.Decimal().StringFixed(-e.Amount.Decimal().Exponent()))
	case money.ProblemFraction:
		return fmt.Sprintf(p.T("%s %s: jumlah harus kelipatan %s (tanpa pecahan)", "%s %s: the amount must be a whole multiple of %s (no fractions)"), e.Field, e.Amount, p.Money(money.Unit(e.Limits.Places)))
	}
	return fmt.Sprintf(p.T("%s %s: melebihi batas satu transaksi %s", "%s %s: above the limit of one transaction, %s"), e.Field, p.Money(e.Amount), p.Money(e.Limits.Max))
}

func (p Printer) input(e *input.Error) string {
	want := p.want(e)
	return fmt.Sprintf("%s %q: %s", e.Field, e.Value, want)
}

func (p Printer) want(e *input.Error) string {
	b := e.Bound
	switch e.Want {
	case input.WantCoopID:
		return p.T("diharapkan id koperasi: huruf kecil, angka dan tanda hubung, paling banyak 40 karakter", "expected a cooperative id: lowercase letters, digits and hyphens, at most 40 characters")
	case input.WantMemberID:
		return p.T("diharapkan nomor anggota: huruf, angka, '-' atau '_', paling banyak 32 karakter", "expected a member id: letters, digits, '-' or '_', at most 32 characters")
	case input.WantName:
		return p.T("diharapkan nama 1-120 karakter, tanpa karakter kendali dan tanpa spasi di awal atau akhir", "expected a name of 1-120 characters, without control characters or leading or trailing spaces")
	case input.WantRef:
		if b != "" {
			return fmt.Sprintf(p.T("diharapkan referensi paling banyak %s karakter, tanpa karakter kendali dan tanpa spasi di awal atau akhir", "expected a reference of at most %s characters, without control characters or leading or trailing spaces"), b)
		}
		return p.T("diharapkan referensi 1-64 karakter, tanpa karakter kendali dan tanpa spasi di awal atau akhir", "expected a reference of 1-64 characters, without control characters or leading or trailing spaces")
	case input.WantReason:
		return p.T("diharapkan alasan 1-200 karakter", "expected a reason of 1-200 characters")
	case input.WantActor:
		return p.T("diharapkan nama pencatat 1-64 karakter", "expected the recorder's name, 1-64 characters")
	case input.WantDate:
		return p.T("diharapkan tanggal YYYY-MM-DD, misalnya 2025-01-31", "expected a date YYYY-MM-DD, for example 2025-01-31")
	case input.WantLang:
		return p.T("diharapkan id (Bahasa Indonesia) atau en (English)", "expected id (Bahasa Indonesia) or en (English)")
	case input.WantStore:
		return p.T("diharapkan sqlite:PATH (misalnya sqlite:./lumbung.db) atau server esdb://HOST:PORT?tls=false", "expected sqlite:PATH (for example sqlite:./lumbung.db) or a server esdb://HOST:PORT?tls=false")
	case input.WantRealDate:
		return p.T("tanggal ini tidak ada di kalender", "this day does not exist in the calendar")
	case input.WantNotFuture:
		return fmt.Sprintf(p.T("tanggal tidak boleh melewati hari ini (%s)", "the date cannot be after today (%s)"), b)
	case input.WantNotBefore:
		return fmt.Sprintf(p.T("tanggal tidak boleh sebelum %s", "the date cannot be before %s"), b)
	case input.WantProduct:
		return p.T("diharapkan pokok, wajib atau sukarela", "expected pokok, wajib or sukarela")
	case input.WantCurrency:
		return p.T("diharapkan kode mata uang ISO 4217, misalnya IDR", "expected an ISO 4217 currency code such as IDR")
	case input.WantPlaces:
		return p.T("diharapkan 0 sampai 4 angka desimal", "expected 0 to 4 decimal places")
	case input.WantTimeZone:
		return p.T("diharapkan zona waktu IANA, misalnya Asia/Jakarta", "expected an IANA time zone such as Asia/Jakarta")
	case input.WantPolicyAmount:
		if b == "" {
			return p.T("diharapkan jumlah positif tanpa pecahan", "expected a positive whole amount")
		}
		return fmt.Sprintf(p.T("diharapkan nol atau jumlah positif tanpa pecahan, paling banyak %s", "expected zero or a positive whole amount, at most %s"), b)
	case input.WantMaxAmount:
		return p.T("diharapkan jumlah positif tanpa pecahan", "expected a positive whole amount")
	case input.WantPeriod:
		return p.T("diharapkan monthly, quarterly atau yearly", "expected monthly, quarterly or yearly")
	case input.WantPokokAmount:
		return fmt.Sprintf(p.T("simpanan pokok harus sama dengan ketentuan koperasi: %s", "simpanan pokok must equal the cooperative's policy: %s"), b)
	case input.WantSameAsBefore:
		return fmt.Sprintf(p.T("tidak dapat diubah; tetap %s", "cannot change; it stays %s"), b)
	case input.WantKnownMember:
		return p.T("anggota ini tidak terdaftar; terima dahulu dengan \"lumbung member admit\"", "this member is not registered; admit them first with \"lumbung member admit\"")
	case input.WantKnownRef:
		return p.T("tidak ada transaksi dengan referensi ini", "no transaction has this reference")
	case input.WantKnownCoop:
		return p.T("koperasi ini tidak ada di penyimpanan; daftarkan dengan \"lumbung init\"", "this cooperative is not in the store; register it with \"lumbung init\"")
	case input.WantAmountPresent:
		return p.T("diharapkan jumlah berupa angka, misalnya 150000", "expected an amount written in digits, for example 150000")
	case input.WantUTF8:
		return p.T("teks bukan UTF-8; simpan berkas sebagai CSV UTF-8", "the text is not UTF-8; save the file as CSV UTF-8")
	case input.WantImportKind:
		kinds := make([]string, 0, 8)
		for _, k := range importer.Kinds() {
			kinds = append(kinds, string(k))
		}
		return p.T("diharapkan salah satu dari: ", "expected one of: ") + strings.Join(kinds, ", ")
	case input.WantColumns:
		return fmt.Sprintf(p.T("jumlah kolom harus %s, sama dengan header", "the row must have %s columns, like the header"), b)
	case input.WantProductOfKind:
		return fmt.Sprintf(p.T("jenis baris ini berarti produk %s", "this row's kind means product %s"), b)
	case input.WantAccountCode:
		return p.T("diharapkan kode akun: kelompok angka yang dihubungkan tanda hubung, diawali angka 1-9, misalnya 1-1100",
			"expected an account code: groups of digits joined by hyphens, starting with 1-9, for example 1-1100")
	case input.WantNewAccount:
		return p.T("kode ini sudah dipakai akun lain; pilih kode yang belum ada di bagan akun", "this code is already used by another account; choose a code the chart does not have")
	case input.WantAccountClass:
		return p.T("diharapkan asset, liability, equity, revenue atau expense, atau contra-<kelas> untuk akun kontra, misalnya contra-asset",
			"expected asset, liability, equity, revenue or expense, or contra-<class> for a contra account, for example contra-asset")
	case input.WantHeading:
		return p.T("diharapkan kode akun induk (judul kelompok) di bagan akun", "expected the code of a heading account of the chart")
	case input.WantGroupClass:
		return fmt.Sprintf(p.T("kelas akun harus sama dengan kelas akun induknya: %s", "the class must be that of its heading: %s"), b)
	case input.WantCodeInGroup:
		return fmt.Sprintf(p.T("kode harus diawali kode akun induknya, %s, dan lebih panjang darinya", "the code must start with its heading's code, %s, and be longer"), b)
	case input.WantCashAsset:
		return p.T("akun kas atau bank harus akun aset, bukan akun kontra dan bukan akun induk", "a cash or bank account must be an asset account, not a contra account and not a heading")
	case input.WantFlow:
		return p.T("diharapkan operating, investing atau financing (aktivitas operasi, investasi atau pendanaan)", "expected operating, investing or financing")
	case input.WantParty:
		return p.T("diharapkan member, non-member atau other-coop (anggota, bukan anggota atau koperasi lain)", "expected member, non-member or other-coop")
	case input.WantUnitCode:
		return p.T("diharapkan kode unit usaha: huruf kecil, angka dan tanda hubung, paling banyak 32 karakter", "expected a business unit code: lowercase letters, digits and hyphens, at most 32 characters")
	case input.WantNewUnit:
		return p.T("kode ini sudah dipakai unit usaha lain", "this code is already used by another business unit")
	case input.WantKnownUnit:
		return p.T("tidak ada unit usaha dengan kode ini", "no business unit has this code")
	case input.WantKnownAccount:
		if e.Field == "role" {
			return p.T("akun baru tidak dapat diberi peran aturan pencatatan", "a new account cannot take a posting rule's role")
		}
		if e.Value != "" && !ledger.ValidCode(e.Value) {
			return p.T("tidak ada akun dengan peran ini di bagan akun", "no account of the chart has this role")
		}
		return p.T("tidak ada akun dengan kode ini di bagan akun", "no account of the chart has this code")
	case input.WantPostableAccount:
		return p.T("ini akun induk (judul kelompok); catat pada salah satu akun di bawahnya", "this is a heading; post to one of the accounts under it")
	case input.WantMethod:
		return p.T("diharapkan metode bunga flat, menurun atau anuitas", "expected the interest method flat, menurun or anuitas")
	case input.WantResultAccount:
		return p.T("diharapkan akun pendapatan atau beban", "expected a revenue or expense account")
	case input.WantAfterLastPosting:
		return fmt.Sprintf(p.T("akun ini masih memiliki pencatatan bertanggal %s; tanggal penutupan harus sesudahnya", "the account has postings dated %s; the closing date must be after it"), e.Bound)
	case input.WantGroup:
		return p.T("setiap akun berada di bawah akun induk (judul kelompok); sebutkan dengan --group", "every account sits under a heading; name it with --group")
	case input.WantJournalAccount:
		return p.T("akun ini adalah jumlah simpanan anggota dan hanya bergerak lewat transaksi anggota (lumbung savings, member exit); jurnal umum tidak boleh mencatat padanya",
			"this account is the sum of the members' savings and moves only with members' transactions (lumbung savings, member exit); the general journal may not post to it")
	case input.WantCashAccount:
		return p.T("diharapkan akun kas atau bank dari bagan akun", "expected a cash or bank account of the chart")
	case input.WantMonth:
		return p.T("diharapkan bulan YYYY-MM, misalnya 2025-01", "expected a month YYYY-MM, for example 2025-01")
	case input.WantYear:
		return p.T("diharapkan tahun YYYY, misalnya 2025", "expected a year YYYY, for example 2025")
	case input.WantLine:
		if b != "" {
			return fmt.Sprintf(p.T("satu jurnal paling banyak %s baris", "an entry has at most %s lines"), b)
		}
		return p.T("diharapkan baris jurnal AKUN:debit:JUMLAH atau AKUN:credit:JUMLAH, misalnya 1-1100:debit:150000",
			"expected a journal line ACCOUNT:debit:AMOUNT or ACCOUNT:credit:AMOUNT, for example 1-1100:debit:150000")
	case input.WantTwoLines:
		return p.T("jurnal memerlukan paling sedikit satu baris debit dan satu baris kredit", "an entry needs at least one debit line and one credit line")
	case input.WantMemo:
		if b != "" {
			return fmt.Sprintf(p.T("diharapkan keterangan 1-%s karakter, tanpa karakter kendali dan tanpa spasi di awal atau akhir", "expected a memo of 1-%s characters, without control characters or leading or trailing spaces"), b)
		}
		return p.T("diharapkan keterangan, tanpa karakter kendali dan tanpa spasi di awal atau akhir", "expected a memo, without control characters or leading or trailing spaces")
	case input.WantDecision:
		return p.T("diharapkan referensi keputusan (misalnya nomor keputusan rapat pengurus), 1-64 karakter", "expected a decision reference (for example the number of the board's decision), 1-64 characters")
	case input.WantEndedMonth:
		return fmt.Sprintf(p.T("bulan hanya dapat ditutup setelah berakhir: hari terakhirnya, %s, harus sebelum hari ini", "a month can be closed only after it has ended: its last day, %s, must be before today"), b)
	case input.WantFormat:
		return p.T("diharapkan table, json, csv, xlsx atau pdf", "expected table, json, csv, xlsx or pdf")
	case input.WantOutFile:
		return p.T("lembar kerja (xlsx) tidak dapat ditulis ke terminal; sebutkan berkasnya dengan --out FILE", "a spreadsheet (xlsx) cannot be written to the terminal; name a file with --out FILE")
	case input.WantProductCode:
		return p.T("diharapkan kode produk pinjaman: huruf kecil, angka dan tanda hubung, paling banyak 32 karakter", "expected a loan product code: lowercase letters, digits and hyphens, at most 32 characters")
	case input.WantKnownProduct:
		return p.T("koperasi tidak memiliki produk pinjaman dengan kode ini yang berlaku pada tanggal itu", "the cooperative has no loan product with this code in force on that date")
	case input.WantAtLeast:
		if b == "" {
			return p.T("nilai ini terlalu kecil", "this value is too small")
		}
		return fmt.Sprintf(p.T("diharapkan paling sedikit %s", "expected at least %s"), b)
	case input.WantAtMost:
		if b == "" {
			return p.T("nilai ini terlalu besar", "this value is too large")
		}
		return fmt.Sprintf(p.T("diharapkan paling banyak %s", "expected at most %s"), b)
	case input.WantRate:
		return p.T("diharapkan pecahan desimal tidak negatif, ditulis dengan titik: 0.24 untuk 24 %", "expected a decimal share, not negative: 0.24 for 24%")
	case input.WantOrder:
		return fmt.Sprintf(p.T("diharapkan %s atau %s (urutan pembayaran denda, bunga dan pokok)", "expected %s or %s (the order in which penalty, interest and principal are paid)"), loan.PenaltyFirst, loan.PenaltyLast)
	case input.WantLoanID:
		return p.T("diharapkan nomor pinjaman: huruf, angka, '-' atau '_', paling banyak 32 karakter", "expected a loan id: letters, digits, '-' or '_', at most 32 characters")
	case input.WantKnownLoan:
		return p.T("koperasi tidak memiliki pinjaman dengan nomor ini", "the cooperative has no loan with this id")
	case input.WantApprover:
		return p.T("diharapkan peran yang menyetujui pinjaman: pengurus, ketua atau pengawas, dipisah koma, misalnya 5000000:ketua atau 0:ketua,pengawas", "expected roles that approve loans: pengurus, ketua or pengawas, separated by commas, for example 5000000:ketua or 0:ketua,pengawas")
	case input.WantRole:
		return p.T("diharapkan peran dengan huruf kecil: admin, bendahara, teller, pengurus, ketua, pengawas, auditor atau anggota", "expected a role in lowercase: admin, bendahara, teller, pengurus, ketua, pengawas, auditor or anggota")
	case input.WantPool:
		return p.T("diharapkan pos SHU KUNCI:PERSEN, misalnya cadangan:40 atau jasa-usaha-toko:10:patronage:toko:purchases; kunci huruf kecil, angka dan tanda hubung, setiap kunci sekali", "expected an SHU pool KEY:PERCENT, for example cadangan:40 or jasa-usaha-toko:10:patronage:toko:purchases; keys in lowercase letters, digits and hyphens, each key once")
	case input.WantPercent:
		return p.T("diharapkan persentase lebih dari 0 dan paling banyak 100, paling banyak 4 desimal, ditulis dengan titik", "expected a percentage above 0 and at most 100, with at most 4 decimals after a point")
	case input.WantPoolKind:
		return p.T("diharapkan jenis pos reserve (cadangan), capital (jasa modal), patronage (jasa usaha) atau fund (dana)", "expected a pool kind: reserve, capital, patronage or fund")
	case input.WantPatronageBasis:
		return p.T("diharapkan dasar jasa usaha interest-paid (jasa pinjaman dibayar), principal-borrowed (pokok pinjaman) atau purchases (pembelian)", "expected a patronage basis: interest-paid, principal-borrowed or purchases")
	case input.WantOneReserve:
		return p.T("diharapkan tepat satu pos cadangan (jenis reserve)", "expected exactly one reserve pool")
	case input.WantCapitalProducts:
		return p.T("diharapkan simpanan untuk jasa modal, masing-masing sekali: pokok, wajib, sukarela", "expected the savings counted for jasa modal, each once: pokok, wajib, sukarela")
	case input.WantMeasure:
		return p.T("diharapkan year-end (saldo akhir tahun), avg-month-end (rata-rata saldo akhir bulan) atau daily-avg (rata-rata saldo harian)", "expected year-end, avg-month-end or daily-avg")
	case input.WantRounding:
		return p.T("diharapkan satuan pembulatan 1, 100 atau 1000", "expected a rounding unit of 1, 100 or 1000")
	case input.WantExited:
		return p.T("diharapkan eligible (anggota yang keluar tetap mendapat bagian) atau excluded", "expected eligible (members who left still share) or excluded")
	case input.WantQuorum:
		return p.T("diharapkan bagian anggota lebih dari 0 dan paling banyak 1, misalnya 0.5 untuk separuh anggota", "expected a share of members above 0 and at most 1, for example 0.5 for half the members")
	case input.WantAttendance:
		return p.T("diharapkan present (hadir), proxy (diwakilkan) atau online (daring)", "expected present, proxy or online")
	case input.WantResolution:
		return p.T("diharapkan approve-statements, approve-shu atau accept-accountability", "expected approve-statements, approve-shu or accept-accountability")
	case input.WantVotes:
		return fmt.Sprintf(p.T("jumlah suara melebihi anggota yang hadir (%s)", "the votes exceed the members attending (%s)"), b)
	case input.WantPayout:
		return p.T("diharapkan sukarela (dikreditkan ke simpanan sukarela) atau cash (dibayar tunai)", "expected sukarela (credited to voluntary savings) or cash")
	case input.WantSHUDigest:
		if b == "" {
			return p.T("SHU tahun ini belum dihitung; jalankan lumbung shu compute", "the year's SHU has not been computed; run lumbung shu compute")
		}
		return fmt.Sprintf(p.T("diharapkan kode perhitungan SHU yang berlaku: %s", "expected the digest of the year's current SHU computation: %s"), b)
	case input.WantSubmittedReport:
		return p.T("diharapkan laporan berkala: annual-report (tahunan), quarter-1, quarter-2, quarter-3 (triwulan) atau semester; RAT dicatat dengan lumbung rat convene", "expected a periodic report: annual-report, quarter-1, quarter-2, quarter-3 or semester; the RAT is recorded with lumbung rat convene")
	case input.WantPackageFile:
		return p.T("diharapkan berkas paket audit yang dapat dibaca, seperti yang ditulis \"lumbung audit export\"", "expected a readable audit package file, as \"lumbung audit export\" writes it")
	case input.WantHealthIndicator:
		keys := make([]string, 0, 16)
		for _, c := range health.Checklists() {
			keys = append(keys, c.Key)
		}
		return p.T("diharapkan indikator daftar periksa kesehatan koperasi: ", "expected a checklist indicator of the health assessment: ") + strings.Join(keys, ", ")
	case input.WantChecklistTotal:
		return fmt.Sprintf(p.T("indikator ini mempunyai tepat %s sub-indikator", "this indicator has exactly %s sub-indicators"), b)
	case input.WantSealRoot:
		return p.T("diharapkan akar segel: 64 digit heksadesimal, seperti yang dicetak \"lumbung audit seal\"", "expected a seal's root: 64 hexadecimal digits, as \"lumbung audit seal\" prints it")
	case input.WantKnownAt:
		return p.T("diharapkan tanggal YYYY-MM-DD (akhir hari itu) atau waktu RFC 3339, misalnya 2026-01-15T10:00:00+07:00", "expected a date YYYY-MM-DD (its end) or an RFC 3339 instant, for example 2026-01-15T10:00:00+07:00")
	case input.WantRecordedBy:
		return p.T("diharapkan waktu setelah catatan pertama koperasi ini; sebelum itu belum ada yang tercatat", "expected an instant after this cooperative's first record; nothing was recorded before it")
	case input.WantKeyFile:
		return p.T("diharapkan berkas kunci privat yang ditulis \"lumbung keys generate\"", "expected a private key file written by \"lumbung keys generate\"")
	case input.WantPublicKey:
		return p.T("diharapkan kunci publik Ed25519: 64 digit heksadesimal, seperti yang dicetak \"lumbung keys generate\"", "expected an Ed25519 public key: 64 hexadecimal digits, as \"lumbung keys generate\" prints it")
	case input.WantProxyHolder:
		return p.T("diharapkan anggota lain yang hadir langsung atau daring sebagai pemegang kuasa", "expected another member attending in person or online to hold the proxy")
	case input.WantSHUShare:
		return p.T("anggota ini tidak mendapat bagian SHU tahun itu", "this member has no share in that year's SHU")
	case input.WantUsername:
		return p.T("diharapkan nama pengguna 3-32 karakter: huruf kecil, angka, '.', '_' atau '-', diawali huruf atau angka", "expected a username of 3-32 characters: lowercase letters, digits, '.', '_' or '-', starting with a letter or digit")
	case input.WantNewUser:
		return p.T("nama pengguna ini sudah dipakai; pilih nama lain", "this username is already taken; choose another")
	case input.WantKnownUser:
		return p.T("koperasi tidak memiliki pengguna dengan nama ini", "the cooperative has no user with this name")
	case input.WantActiveUser:
		return p.T("pengguna ini sudah dinonaktifkan: tidak dapat diberi peran, sandi atau token", "this user is disabled: they cannot be given roles, a password or tokens")
	case input.WantAnotherAdmin:
		return p.T("ini admin aktif terakhir: tambahkan admin lain dahulu (lumbung user add/grant --role admin)", "this is the last active admin: add another admin first (lumbung user add/grant --role admin)")
	case input.WantAnggotaMember:
		return p.T("peran anggota memerlukan nomor anggota (--member)", "the anggota role needs the member's id (--member)")
	case input.WantNoMember:
		return p.T("hanya pengguna dengan peran anggota yang memiliki nomor anggota; hapus --member atau tambahkan --role anggota", "only a user with the anggota role has a member id; leave out --member or add --role anggota")
	case input.WantTokenID:
		return p.T("diharapkan nomor token baru: huruf kecil, angka dan tanda hubung", "expected a new token id: lowercase letters, digits and hyphens")
	case input.WantTokenLabel:
		return p.T("diharapkan label token 1-64 karakter, tanpa karakter kendali dan tanpa spasi di awal atau akhir", "expected a token label of 1-64 characters, without control characters or leading or trailing spaces")
	case input.WantKnownToken:
		return p.T("koperasi tidak memiliki token dengan nomor ini (lihat lumbung user list)", "the cooperative has no token with this id (see lumbung user list)")
	case input.WantPassword:
		return fmt.Sprintf(p.T("diharapkan sandi paling sedikit %s karakter dan paling banyak 256, tanpa karakter kendali", "expected a password of at least %s and at most 256 characters, without control characters"), b)
	case input.WantNewLoan:
		return p.T("nomor pinjaman ini sudah dipakai pinjaman lain; pakai nomor yang belum dipakai", "this loan id is already used by another loan; use an id not used yet")
	}
	return string(e.Want)
}

// loan explains the refusals of the loan aggregate; ok is false for an
// error that is none of them.
func (p Printer) loan(err error) (string, bool) {
	var (
		plafond  *loan.PlafondError
		limit    *loan.LimitError
		role     *loan.RoleError
		missing  *loan.ApprovalsMissingError
		rateCap  *loan.RateCapError
		overpaid *loan.OverpaymentError
		short    *loan.AllowanceShortError
		terms    *loan.TermsError
		method   *loan.MethodError
		rateErr  *loan.RateError
	)
	switch {
	case errors.As(err, &plafond):
		if plafond.Multiple.IsPositive() {
			return fmt.Sprintf(p.T("Pinjaman %s melebihi batas pinjaman anggota ini, %s: %s kali simpanannya sebesar %s. Tidak ada yang dicatat.",
				"The loan of %s is above this member's most, %s: %s times their savings of %s. Nothing was recorded."),
				p.Money(plafond.Amount), p.Money(plafond.Max), p.decimal(plafond.Multiple), p.Money(plafond.Savings)), true
		}
		return fmt.Sprintf(p.T("Pinjaman %s melebihi plafon produk pinjaman ini, %s. Tidak ada yang dicatat.",
			"The loan of %s is above the loan product's plafond, %s. Nothing was recorded."), p.Money(plafond.Amount), p.Money(plafond.Max)), true
	case errors.As(err, &limit):
		c := limit.Check
		return fmt.Sprintf(p.T("Dengan pinjaman ini, pokok pinjaman yang dihitung terhadap batas (milik peminjam, atau seluruh pihak terkait bersama-sama) menjadi %s, melebihi batas maksimum pemberian pinjaman (BMPP) %s: %s dari modal sendiri koperasi sebesar %s (Permenkop 8/2023). Persetujuan tidak dicatat.",
			"With this loan, the principal counted against the limit (the borrower's, or all related parties' together) comes to %s, above the lending limit (BMPP) of %s: %s of the cooperative's own capital (modal sendiri) of %s (Permenkop 8/2023). The approval was not recorded."),
			p.Money(c.Exposure), p.Money(c.Limit), p.percent(c.Share), p.Money(c.ModalSendiri)), true
	case errors.As(err, &role):
		return fmt.Sprintf(p.T("Peran %s tidak menyetujui pinjaman ini; pinjaman ini memerlukan persetujuan %s.",
			"Role %s does not approve this loan; it needs the approval of %s."), role.Role, p.list(role.Roles)), true
	case errors.As(err, &missing):
		return fmt.Sprintf(p.T("Pinjaman belum dapat dicairkan: persetujuan %s belum dicatat.",
			"The loan cannot be disbursed yet: the approval of %s is not recorded."), p.list(missing.Missing)), true
	case errors.As(err, &rateCap):
		return fmt.Sprintf(p.T("Suku bunga efektif pinjaman ini %s setahun (%s dengan provisi dan biaya administrasi) melebihi batas %s (Permenkop 8/2023 Pasal 27). Pencairan di atas batas memerlukan keputusan: --override KEPUTUSAN. Tidak ada yang dicatat.",
			"The loan's effective rate is %s a year (%s with the provisi and administration fees), above the cap of %s (Permenkop 8/2023 Art. 27). Disbursing above the cap needs a decision: --override DECISION. Nothing was recorded."),
			p.percent(rateCap.Effective), p.percent(rateCap.AllIn), p.percent(rateCap.Cap)), true
	case errors.As(err, &overpaid):
		return fmt.Sprintf(p.T("Pembayaran %s melebihi yang terutang pada pinjaman ini, %s. Tidak ada yang dicatat.",
			"The payment of %s is more than the loan owes, %s. Nothing was recorded."), p.Money(overpaid.Amount), p.Money(overpaid.Owed)), true
	case errors.As(err, &short):
		return fmt.Sprintf(p.T("Menghapusbukukan pokok pinjaman %s memerlukan cadangan kerugian pinjaman paling sedikit sebesar itu; cadangan saat ini %s. Jalankan \"lumbung loans review\" dahulu untuk membentuk cadangannya. Tidak ada yang dicatat.",
			"Writing off a principal of %s needs a loan loss allowance of at least that; the allowance holds %s. Run \"lumbung loans review\" first to build it up. Nothing was recorded."),
			p.Money(short.Principal), p.Money(short.Allowance)), true
	case errors.As(err, &terms):
		return fmt.Sprintf("%s %s: %s", terms.Field, quoteValue(terms.Value), p.terms(terms)), true
	case errors.As(err, &method):
		return fmt.Sprintf(p.T("metode %s: diharapkan metode bunga flat, menurun (efektif) atau anuitas",
			"method %s: expected an interest method: flat, menurun (declining balance) or anuitas (annuity)"), quoteValue(method.Value)), true
	case errors.As(err, &rateErr):
		return p.rateError(rateErr), true
	case errors.Is(err, loan.ErrNotApplied):
		return p.T("Tidak ada pengajuan pinjaman dengan nomor ini; ajukan pinjaman dahulu.", "There is no loan application with this id; apply for the loan first."), true
	case errors.Is(err, loan.ErrAlreadyDecided):
		id, status := cutDetail(detail(err, loan.ErrAlreadyDecided), " is ")
		return fmt.Sprintf(p.T("Pengajuan pinjaman %s sudah diputuskan (%s); pengajuan itu tidak dapat lagi disetujui, ditolak atau dicairkan.",
			"Loan application %s is decided already (%s); it can no longer be approved, rejected or disbursed."), id, p.loanStatus(status)), true
	case errors.Is(err, loan.ErrNotActive):
		id, status := cutDetail(detail(err, loan.ErrNotActive), " is ")
		return fmt.Sprintf(p.T("Pinjaman %s tidak aktif (%s); pembayaran, pelunasan, restrukturisasi dan hapus buku hanya untuk pinjaman yang sudah dicairkan dan belum lunas.",
			"Loan %s is not active (%s); repayments, settlements, restructuring and write-offs are for loans disbursed and not yet repaid."), id, p.loanStatus(status)), true
	case errors.Is(err, loan.ErrAlreadyDisbursed):
		return fmt.Sprintf(p.T("Pinjaman %s sudah dicairkan; pencairan hanya sekali.", "Loan %s is disbursed already; a loan is disbursed once."),
			orUnknown(detail(err, loan.ErrAlreadyDisbursed))), true
	case errors.Is(err, loan.ErrNotWrittenOff):
		id, status := cutDetail(detail(err, loan.ErrNotWrittenOff), " is ")
		return fmt.Sprintf(p.T("Pinjaman %s tidak dihapusbukukan (%s); penerimaan kembali hanya dicatat untuk pinjaman yang sudah dihapusbukukan.",
			"Loan %s is not written off (%s); recoveries are recorded only on loans written off."), id, p.loanStatus(status)), true
	case errors.Is(err, loan.ErrSelfApproval):
		return fmt.Sprintf(p.T("%s mencatat pengajuan pinjaman ini dan tidak dapat menyetujuinya sendiri: yang mencatat dan yang menyetujui harus orang yang berbeda.",
			"%s recorded this loan application and cannot approve it: the one who records and the one who approves must be different people (maker-checker)."), orUnknown(detail(err, loan.ErrSelfApproval))), true
	case errors.Is(err, loan.ErrRoleApprovedAlready):
		d := detail(err, loan.ErrRoleApprovedAlready)
		if i := strings.LastIndex(d, " approved as "); i >= 0 && !strings.Contains(d[i+len(" approved as "):], " ") {
			return fmt.Sprintf(p.T("%s sudah menyetujui pinjaman ini sebagai %s; satu orang menyetujui dalam satu peran saja.",
				"%s approved this loan already as %s; one person approves in one role only."), d[:i], d[i+len(" approved as "):]), true
		}
		r, by := cutDetail(d, " by ")
		return fmt.Sprintf(p.T("Peran %s sudah menyetujui pinjaman ini (oleh %s); setiap peran menyetujui sekali.",
			"Role %s approved this loan already (by %s); each role approves once."), r, by), true
	}
	return "", false
}

func (p Printer) terms(e *loan.TermsError) string {
	switch e.Field {
	case loan.FieldPrincipal:
		return fmt.Sprintf(p.T("diharapkan pokok pinjaman lebih dari nol, kelipatan %s", "expected a principal greater than zero, a whole multiple of %s"), p.Money(money.Unit(e.Places)))
	case loan.FieldAnnualRate:
		return fmt.Sprintf(p.T("diharapkan suku bunga setahun dari 0 sampai 1, ditulis dengan titik (0.24 untuk 24 %%), paling banyak %d angka desimal",
			"expected a yearly rate from 0 to 1 (0.24 for 24%%) with at most %d decimals"), loan.MaxRateDecimals)
	case loan.FieldMonths:
		return fmt.Sprintf(p.T("diharapkan jangka waktu 1 sampai %d bulan", "expected a term of 1 to %d months"), loan.MaxMonths)
	case loan.FieldMethod:
		return p.T("diharapkan metode bunga flat, menurun (efektif) atau anuitas", "expected an interest method: flat, menurun (declining balance) or anuitas (annuity)")
	case loan.FieldFirst:
		return p.T("diharapkan tanggal jatuh tempo pertama yang membuat angsuran terakhir jatuh paling lambat 9999-12-31",
			"expected a first due date that puts the last instalment on or before 9999-12-31")
	case loan.FieldPlaces:
		return fmt.Sprintf(p.T("diharapkan 0 sampai %d angka desimal", "expected 0 to %d decimal places"), loan.MaxPlaces)
	}
	return p.T("nilai ini tidak dapat dipakai untuk jadwal angsuran", "no schedule can be drawn with this value")
}

func (p Printer) rateError(e *loan.RateError) string {
	switch e.Problem {
	case loan.RateNoPrincipal:
		return fmt.Sprintf(p.T("Pokok pinjaman %s tidak lebih dari nol; suku bunga efektifnya tidak dapat dihitung.",
			"The principal %s is not greater than zero; its effective rate cannot be computed."), p.Money(e.Principal))
	case loan.RateNegativeFees:
		return fmt.Sprintf(p.T("Biaya pinjaman %s negatif; suku bunga efektifnya tidak dapat dihitung.",
			"The loan's fees, %s, are negative; its effective rate cannot be computed."), p.Money(e.Fees))
	case loan.RateFeesAbsorb:
		return fmt.Sprintf(p.T("Provisi dan biaya administrasi %s menghabiskan pokok pinjaman %s: tidak ada yang dicairkan. Kurangi biaya pada produk pinjaman.",
			"The provisi and administration fees, %s, take the whole principal of %s: nothing would be disbursed. Lower the fees of the loan product."),
			p.Money(e.Fees), p.Money(e.Principal))
	case loan.RateNoInstalments:
		return p.T("Jadwal angsuran tidak memiliki angsuran; suku bunga efektifnya tidak dapat dihitung.",
			"The schedule has no instalments; its effective rate cannot be computed.")
	case loan.RateNegativePart:
		return fmt.Sprintf(p.T("Angsuran ke-%d jadwal ini memiliki pokok atau bunga negatif; suku bunga efektifnya tidak dapat dihitung.",
			"Instalment %d of the schedule has a negative principal or interest; its effective rate cannot be computed."), e.N)
	case loan.RateNotRepaid:
		return fmt.Sprintf(p.T("Jadwal angsuran melunasi pokok %s, bukan pokok pinjaman %s; suku bunga efektifnya tidak dapat dihitung.",
			"The schedule repays a principal of %s, not the loan's principal of %s; its effective rate cannot be computed."),
			p.Money(e.Repaid), p.Money(e.Principal))
	}
	return fmt.Sprintf(p.T("Biaya %s atas pokok pinjaman %s menyisakan terlalu sedikit yang dicairkan: suku bunga efektifnya terlalu tinggi untuk dihitung. Kurangi biaya pada produk pinjaman.",
		"Fees of %s on a principal of %s leave too little disbursed: the effective rate is too high to compute. Lower the fees of the loan product."),
		p.Money(e.Fees), p.Money(e.Principal))
}

// loanStatus names a loan's status.
func (p Printer) loanStatus(status string) string {
	switch loan.Status(status) {
	case loan.StatusApplied:
		return p.T("diajukan", "applied")
	case loan.StatusRejected:
		return p.T("ditolak", "rejected")
	case loan.StatusActive:
		return p.T("aktif", "active")
	case loan.StatusClosed:
		return p.T("lunas", "repaid")
	case loan.StatusWrittenOff:
		return p.T("dihapusbukukan", "written off")
	}
	return status
}

// percent writes a decimal share as a percentage with two decimals:
// 0.417 is "41,70 %" in Indonesian and "41.70%" in English.
func (p Printer) percent(share decimal.Decimal) string {
	s := share.Shift(2).StringFixed(2)
	if p.Lang == EN {
		return s + "%"
	}
	return strings.Replace(s, ".", ",", 1) + " %"
}

// decimal writes a number with the language's decimal mark: 2,5 or 2.5.
func (p Printer) decimal(d decimal.Decimal) string {
	if p.Lang == EN {
		return d.String()
	}
	return strings.Replace(d.String(), ".", ",", 1)
}

// list joins names: "a, b dan c", "a, b and c".
func (p Printer) list(names []string) string {
	switch len(names) {
	case 0:
		return "-"
	case 1:
		return names[0]
	}
	return strings.Join(names[:len(names)-1], ", ") + p.T(" dan ", " and ") + names[len(names)-1]
}

// orUnknown is d, or "?" when the figure was not found.
func orUnknown(d string) string {
	if d == "" {
		return "?"
	}
	return d
}

// quoteValue quotes a refused value, cut to its first 40 characters.
func quoteValue(s string) string {
	if r := []rune(s); len(r) > 40 {
		return fmt.Sprintf("%q...", string(r[:40]))
	}
	return fmt.Sprintf("%q", s)
}
