package codec_test

import (
	"bytes"
	"crypto/ed25519"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lumbung-ledger/lumbung/domain/access"
	"github.com/lumbung-ledger/lumbung/domain/calendar"
	"github.com/lumbung-ledger/lumbung/domain/cooperative"
	"github.com/lumbung-ledger/lumbung/domain/ledger"
	"github.com/lumbung-ledger/lumbung/domain/loan"
	"github.com/lumbung-ledger/lumbung/domain/member"
	"github.com/lumbung-ledger/lumbung/domain/money"
	"github.com/lumbung-ledger/lumbung/domain/policy"
	"github.com/lumbung-ledger/lumbung/domain/posting"
	"github.com/lumbung-ledger/lumbung/domain/prudential"
	"github.com/lumbung-ledger/lumbung/domain/savings"
	"github.com/lumbung-ledger/lumbung/domain/shu"
	"github.com/lumbung-ledger/lumbung/internal/codec"
	"github.com/lumbung-ledger/lumbung/internal/eventstore"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

const (
	coop   = "kdmp-kedungwaringin"
	memID  = "A-0001"
	actor  = "bendahara"
	golden = "testdata/events.golden"
)

var (
	eventID  = uuid.MustParse("0198a3f2-6c1e-7b4a-9d2e-5f1c8a7b3e01")
	recorded = time.Date(2026, time.March, 2, 9, 15, 30, 123456000, time.UTC)
	// prevHash stands for the hash of the event before a sample that is not
	// the first of its stream.
	prevHash = mustHash("5d41402abc4b2a76b9719d911017c592ae1c6b7a2e3f0c8d9b1a4e6f7c8d9e0f")
)

func mustHash(s string) codec.Hash {
	h, err := codec.ParseHash(s)
	if err != nil {
		panic(err)
	}
	return h
}

// sample is one realistic event of a registered type, placed in its stream.
type sample struct {
	name     string // the stored name it must be registered under
	stream   string
	revision uint64
	prev     codec.Hash
	decision string
	on       calendar.Date // the payload's effective date
	payload  any
}

func (s sample) meta() codec.Meta {
	return codec.Meta{ID: eventID, Coop: coop, Recorded: recorded, Actor: actor, Decision: s.decision}
}

func terms() policy.Policy { return policy.Default(money.New(100_000), money.New(20_000)) }

// dec is a decimal as the codec reads it back.
func dec(s string) decimal.Decimal { return decimal.RequireFromString(s) }

// productive is a loan product: flat 12 % a year, 1 % provisi and a fixed
// admin fee, the ketua approving up to Rp5 juta and the pengawas besides
// above that.
func productive() loan.Product {
	return loan.Product{
		Code: "PRODUKTIF", Name: "Pinjaman produktif usaha mikro", Method: loan.Flat, AnnualRate: dec("0.12"),
		Months: 12, MaxMonths: 24, MaxPlafond: money.New(25_000_000), SavingsMultiple: dec("5"),
		Provisi: loan.Fee{Percent: dec("0.01"), Fixed: money.New(0)},
		Admin:   loan.Fee{Percent: dec("0"), Fixed: money.New(25_000)},
		Penalty: loan.Penalty{DailyRate: dec("0.001"), GraceDays: 3, Cap: dec("0.1")},
		Approvals: []loan.Band{
			{UpTo: money.New(5_000_000), Roles: []string{loan.RoleKetua}},
			{UpTo: money.New(0), Roles: []string{loan.RoleKetua, loan.RolePengawas}},
		},
		RateCap: dec("0.24"), Order: loan.PenaltyFirst,
		Quality: loan.Profile{
			Lancar: 90, KurangLancar: 180, CollateralShare: dec("0.75"),
			Rates: map[loan.Class]decimal.Decimal{
				loan.Lancar: dec("0.005"), loan.KurangLancar: dec("0.1"), loan.Diragukan: dec("0.5"), loan.Macet: dec("1"),
			},
		},
	}
}

// samples returns one sample per stored name. Adding an event type to the
// registry without adding a sample here fails TestGolden.
func samples() []sample {
	coopStream := codec.CooperativeStream(coop)
	memberStream := codec.MemberStream(coop, memID)
	registered := calendar.MustNew(2025, time.July, 21)
	admitted := calendar.MustNew(2025, time.August, 1)
	loanStream := codec.LoanStream(coop, "PJ-0001")
	disbursed := calendar.MustNew(2025, time.September, 15)
	changed := terms()
	changed.Wajib = money.New(25_000)
	changed.MaxAmount = money.New(500_000_000)
	return []sample{
		{
			name: "CooperativeRegistered", stream: coopStream, revision: 0, on: registered,
			payload: cooperative.Registered{
				Coop: coop, Name: "Koperasi Desa Merah Putih Kedungwaringin",
				Policy: terms(), On: registered,
			},
		},
		{
			name: "CooperativePolicyChanged", stream: coopStream, revision: 1, prev: prevHash,
			decision: "RAT-2025/07", on: calendar.MustNew(2026, time.January, 1),
			payload: cooperative.PolicyChanged{Policy: changed, From: calendar.MustNew(2026, time.January, 1)},
		},
		{
			name: "MemberAdmitted", stream: memberStream, revision: 0, on: admitted,
			payload: member.Admitted{
				Member: memID, Name: "Siti Aminah", Ref: "ADM-0001",
				EntryFee: money.New(25_000), PolicyVersion: 1, On: admitted, Cash: "1-1100",
			},
		},
		{
			name: "SavingsDeposited", stream: memberStream, revision: 1, prev: prevHash, on: admitted,
			payload: savings.Deposited{Product: savings.Pokok, Amount: money.New(100_000), Ref: "SET-0001", On: admitted, Cash: "1-1100"},
		},
		{
			name: "SavingsWithdrawn", stream: memberStream, revision: 5, prev: prevHash,
			on: calendar.MustNew(2025, time.October, 14),
			payload: savings.Withdrawn{
				Product: savings.Sukarela, Amount: money.New(150_000), Ref: "TRK-0007",
				On: calendar.MustNew(2025, time.October, 14), Cash: "1-1200",
			},
		},
		{
			name: "SavingsReversed", stream: memberStream, revision: 6, prev: prevHash,
			on: calendar.MustNew(2025, time.October, 15),
			payload: savings.Reversed{
				Ref: "SET-0004", Original: savings.KindDeposit, Product: savings.Sukarela,
				Amount: money.New(50_000), Reason: "salah input nominal",
				On: calendar.MustNew(2025, time.October, 15), Cash: "1-1100",
			},
		},
		{
			name: "MemberExitSettled", stream: memberStream, revision: 9, prev: prevHash,
			decision: "PENGURUS-2026/02", on: calendar.MustNew(2026, time.March, 2),
			payload: member.ExitSettled{
				Ref: "KLR-0001", Pokok: money.New(100_000), Wajib: money.New(140_000),
				Sukarela: money.New(350_000), LoanOffset: money.New(0), NetPayout: money.New(590_000),
				Reason: "pindah domisili", On: calendar.MustNew(2026, time.March, 2), Cash: "1-1100",
			},
		},
		{
			name: "CooperativeChartAdopted", stream: coopStream, revision: 1, prev: prevHash, on: registered,
			payload: cooperative.ChartAdopted{
				Accounts: []ledger.Account{
					{Code: "1", Name: "ASET", NameEN: "ASSETS", Class: ledger.Asset, Heading: true, Opened: registered},
					{Code: "1-1100", Name: "Kas", NameEN: "Cash on hand", Class: ledger.Asset, Group: "1", Cash: true, Flow: ledger.Operating, Role: ledger.RoleCash, Opened: registered},
					{Code: "1-1490", Name: "Cadangan penghapusan pinjaman", Class: ledger.Asset, Group: "1", Contra: true, Flow: ledger.Operating, Opened: registered},
					{Code: "3-1100", Name: "Simpanan pokok", Class: ledger.Equity, ModalSendiri: true, Flow: ledger.Financing, Role: ledger.RolePokok, Opened: registered},
				},
				Units: []ledger.Unit{{Code: "simpan-pinjam", Name: "Unit simpan pinjam", NameEN: "Savings and loan unit"}},
				On:    registered,
			},
		},
		{
			name: "AccountAdded", stream: coopStream, revision: 3, prev: prevHash, on: admitted,
			payload: cooperative.AccountAdded{On: admitted, Account: ledger.Account{
				Code: "1-1201", Name: "Bank BRI Unit Kedungwaringin", Class: ledger.Asset, Group: "1-1", Cash: true, Flow: ledger.Operating, Opened: admitted,
			}},
		},
		{
			name: "AccountRenamed", stream: coopStream, revision: 4, prev: prevHash, on: admitted,
			payload: cooperative.AccountRenamed{Code: "1-1201", Name: "Bank BRI", NameEN: "BRI bank account", On: admitted},
		},
		{
			name: "AccountClosed", stream: coopStream, revision: 5, prev: prevHash, on: admitted,
			payload: cooperative.AccountClosed{Code: "1-1201", Balance: money.New(0), On: admitted},
		},
		{
			name: "BusinessUnitAdded", stream: coopStream, revision: 6, prev: prevHash, on: admitted,
			payload: cooperative.UnitAdded{Unit: ledger.Unit{Code: "apotek", Name: "Unit apotek desa", NameEN: "Village pharmacy"}, On: admitted},
		},
		{
			name: "JournalEntryPosted", stream: coopStream, revision: 7, prev: prevHash, on: calendar.MustNew(2025, time.August, 25),
			payload: cooperative.JournalPosted{
				Ref: "JU-2025-08-01", Memo: "Gaji karyawan Agustus 2025", On: calendar.MustNew(2025, time.August, 25),
				Lines: []ledger.Line{
					{Account: "5-3100", Side: ledger.Debit, Amount: money.New(2_500_000), Unit: "simpan-pinjam"},
					{Account: "4-9100", Side: ledger.Credit, Amount: money.New(100_000), Unit: "toko", Party: ledger.NonMember},
					{Account: "1-1100", Side: ledger.Credit, Amount: money.New(2_400_000), Unit: "simpan-pinjam"},
				},
			},
		},
		{
			name: "JournalEntryReversed", stream: coopStream, revision: 8, prev: prevHash, decision: "PENGURUS-2025/09",
			on: calendar.MustNew(2025, time.August, 26),
			payload: cooperative.JournalReversed{
				Ref: "JU-2025-08-01", Reason: "salah akun", On: calendar.MustNew(2025, time.August, 26),
				Lines: []ledger.Line{
					{Account: "5-3100", Side: ledger.Debit, Amount: money.New(2_500_000), Unit: "simpan-pinjam"},
					{Account: "1-1100", Side: ledger.Credit, Amount: money.New(2_500_000), Unit: "simpan-pinjam"},
				},
			},
		},
		{
			name: "PeriodClosed", stream: coopStream, revision: 9, prev: prevHash, on: calendar.MustNew(2025, time.August, 31),
			payload: cooperative.PeriodClosed{Period: ledger.Month{Year: 2025, Month: time.August}},
		},
		{
			name: "PeriodReopened", stream: coopStream, revision: 10, prev: prevHash, decision: "PENGURUS-2025/10",
			on:      calendar.MustNew(2025, time.August, 31),
			payload: cooperative.PeriodReopened{Period: ledger.Month{Year: 2025, Month: time.August}, Reason: "koreksi gaji"},
		},
		{
			name: "YearClosed", stream: coopStream, revision: 30, prev: prevHash, on: calendar.MustNew(2025, time.December, 31),
			payload: cooperative.YearClosed{
				Year: 2025, Result: money.New(1_500_000), On: calendar.MustNew(2025, time.December, 31),
				Lines: []ledger.Line{
					{Account: "4-1100", Side: ledger.Debit, Amount: money.New(4_000_000), Unit: "simpan-pinjam", Party: ledger.Member},
					{Account: "5-3100", Side: ledger.Credit, Amount: money.New(2_500_000), Unit: "simpan-pinjam"},
					{Account: "3-5100", Side: ledger.Credit, Amount: money.New(1_500_000), Unit: "simpan-pinjam"},
				},
			},
		},
		{
			name: "LoanProductDefined", stream: coopStream, revision: 11, prev: prevHash, decision: "PENGURUS-2025/08",
			on:      calendar.MustNew(2025, time.September, 1),
			payload: cooperative.ProductDefined{Product: productive(), From: calendar.MustNew(2025, time.September, 1)},
		},
		{
			name: "AllowanceRecomputed", stream: coopStream, revision: 29, prev: prevHash, on: calendar.MustNew(2025, time.December, 31),
			payload: cooperative.AllowanceRecomputed{
				Required: money.New(4_425_000), Held: money.New(3_100_000), Delta: money.New(1_325_000),
				Classes: []cooperative.AllowanceClass{
					{Class: string(loan.Lancar), Outstanding: money.New(185_000_000), Rate: dec("0.005"), Required: money.New(925_000)},
					{Class: string(loan.KurangLancar), Outstanding: money.New(12_000_000), Rate: dec("0.1"), Required: money.New(1_200_000)},
					{Class: string(loan.Diragukan), Outstanding: money.New(3_000_000), Rate: dec("0.5"), Required: money.New(1_500_000)},
					{Class: string(loan.Macet), Outstanding: money.New(800_000), Rate: dec("1"), Required: money.New(800_000)},
				},
				On: calendar.MustNew(2025, time.December, 31),
			},
		},
		{
			name: "LoanApplied", stream: loanStream, revision: 0, on: calendar.MustNew(2025, time.September, 10),
			payload: loan.Applied{
				Loan: "PJ-0001", Member: memID, Product: "PRODUKTIF", ProductVersion: 1, Terms: productive(),
				Amount: money.New(3_000_000), Months: 3, Collateral: money.New(7_500_000),
				Purpose: "modal warung sembako", By: actor, On: calendar.MustNew(2025, time.September, 10),
			},
		},
		{
			name: "LoanApproved", stream: loanStream, revision: 1, prev: prevHash, on: calendar.MustNew(2025, time.September, 12),
			payload: loan.Approved{
				Role: loan.RoleKetua, By: "Ahmad Fauzi", On: calendar.MustNew(2025, time.September, 12),
				Limit: loan.LimitCheck{
					ModalSendiri: money.New(800_000_000), Exposure: money.New(3_000_000),
					Share: dec("0.15"), Limit: money.New(120_000_000),
				},
			},
		},
		{
			name: "LoanRejected", stream: loanStream, revision: 1, prev: prevHash, on: calendar.MustNew(2025, time.September, 12),
			payload: loan.Rejected{Reason: "kemampuan bayar tidak mencukupi", By: "Ahmad Fauzi", On: calendar.MustNew(2025, time.September, 12)},
		},
		{
			name: "LoanDisbursed", stream: loanStream, revision: 2, prev: prevHash, on: disbursed,
			payload: loan.Disbursed{
				Cash: "1-1200", Provisi: money.New(30_000), Admin: money.New(25_000),
				Schedule: []loan.Instalment{
					{N: 1, Due: calendar.MustNew(2025, time.October, 15), Principal: money.New(1_000_000), Interest: money.New(30_000)},
					{N: 2, Due: calendar.MustNew(2025, time.November, 15), Principal: money.New(1_000_000), Interest: money.New(30_000)},
					{N: 3, Due: calendar.MustNew(2025, time.December, 15), Principal: money.New(1_000_000), Interest: money.New(30_000)},
				},
				EffectiveRate: dec("0.1791154417"), AllInRate: dec("0.2930591949"), On: disbursed,
			},
		},
		{
			// Settled early, five days after the second instalment fell
			// due: two days of denda past the grace period, the third
			// instalment's interest waived.
			name: "LoanRepaid", stream: loanStream, revision: 4, prev: prevHash, on: calendar.MustNew(2025, time.November, 20),
			payload: loan.Repaid{
				Ref: "ANG-0002", Amount: money.New(2_032_060), Cash: "1-1100",
				Parts: []loan.Part{
					{N: 2, Penalty: money.New(2_060), Interest: money.New(30_000), Principal: money.New(1_000_000)},
					{N: 3, Penalty: money.New(0), Interest: money.New(0), Principal: money.New(1_000_000)},
				},
				Early: true, Waived: money.New(30_000), On: calendar.MustNew(2025, time.November, 20),
			},
		},
		{
			name: "LoanRestructured", stream: loanStream, revision: 4, prev: prevHash, decision: "PENGURUS-2025/12",
			on: calendar.MustNew(2025, time.December, 20),
			payload: loan.Restructured{
				Schedule: []loan.Instalment{
					{N: 1, Due: calendar.MustNew(2026, time.January, 20), Principal: money.New(500_000), Interest: money.New(80_000)},
					{N: 2, Due: calendar.MustNew(2026, time.February, 20), Principal: money.New(500_000), Interest: money.New(20_000)},
					{N: 3, Due: calendar.MustNew(2026, time.March, 20), Principal: money.New(500_000), Interest: money.New(20_000)},
					{N: 4, Due: calendar.MustNew(2026, time.April, 20), Principal: money.New(500_000), Interest: money.New(20_000)},
				},
				Carried: money.New(60_000), Waived: money.New(35_020), Reason: "usaha terdampak banjir",
				On: calendar.MustNew(2025, time.December, 20),
			},
		},
		{
			name: "LoanClassified", stream: loanStream, revision: 5, prev: prevHash, on: calendar.MustNew(2026, time.April, 30),
			payload: loan.Classified{From: loan.Lancar, To: loan.KurangLancar, DPD: 100, On: calendar.MustNew(2026, time.April, 30)},
		},
		{
			name: "LoanWrittenOff", stream: loanStream, revision: 7, prev: prevHash, decision: "RAT-2026/12",
			on:      calendar.MustNew(2026, time.December, 31),
			payload: loan.WrittenOff{Principal: money.New(2_000_000), Allowance: money.New(2_450_000), On: calendar.MustNew(2026, time.December, 31)},
		},
		{
			name: "LoanRecovered", stream: loanStream, revision: 8, prev: prevHash, on: calendar.MustNew(2027, time.March, 15),
			payload: loan.Recovered{Ref: "PML-0001", Amount: money.New(500_000), Cash: "1-1100", On: calendar.MustNew(2027, time.March, 15)},
		},
		{
			// Settled from the borrower's savings at the exit on the day
			// the second instalment fell due: the third's interest waived.
			name: "LoanSettledByExit", stream: loanStream, revision: 4, prev: prevHash, on: calendar.MustNew(2025, time.November, 15),
			payload: loan.SettledByExit{
				ExitRef: "KLR-0002",
				Parts: []loan.Part{
					{N: 2, Penalty: money.New(0), Interest: money.New(30_000), Principal: money.New(1_000_000)},
					{N: 3, Penalty: money.New(0), Interest: money.New(0), Principal: money.New(1_000_000)},
				},
				Waived: money.New(30_000), On: calendar.MustNew(2025, time.November, 15),
			},
		},
		{
			name: "SHUPolicyAdopted", stream: coopStream, revision: 30, prev: prevHash, decision: "RAT-2025", on: calendar.MustNew(2025, time.January, 1),
			payload: cooperative.SHUPolicyAdopted{Policy: shuPolicy(), From: calendar.MustNew(2025, time.January, 1)},
		},
		{
			name: "SaleRecorded", stream: coopStream, revision: 31, prev: prevHash, on: calendar.MustNew(2025, time.October, 3),
			payload: cooperative.SaleRecorded{Ref: "TK-0001", Member: string(memID), Amount: money.New(150_000), Cost: money.New(120_000), Unit: "toko", Cash: "1-1100", On: calendar.MustNew(2025, time.October, 3)},
		},
		{
			name: "SHUComputed", stream: coopStream, revision: 32, prev: prevHash, on: calendar.MustNew(2026, time.February, 2),
			payload: shuHeader(),
		},
		{
			name: "SHUShares", stream: codec.SHUSharesStream(coop, 2025, shuHeader().Shares), revision: 0, on: calendar.MustNew(2025, time.December, 31),
			payload: shuShares(),
		},
		{
			name: "RATConvened", stream: coopStream, revision: 33, prev: prevHash, on: calendar.MustNew(2026, time.March, 14),
			payload: cooperative.RATConvened{Year: 2025, Members: 120, Quorum: dec("0.5"), Required: 60, On: calendar.MustNew(2026, time.March, 14)},
		},
		{
			name: "RATAttendanceRecorded", stream: coopStream, revision: 34, prev: prevHash, on: calendar.MustNew(2026, time.March, 14),
			payload: cooperative.RATAttendanceRecorded{Year: 2025, Members: []cooperative.Attendance{
				{Member: string(memID), Mode: cooperative.Present}, {Member: "A-0002", Mode: cooperative.Proxy, By: string(memID)}, {Member: "A-0003", Mode: cooperative.Online},
			}, On: calendar.MustNew(2026, time.March, 14)},
		},
		{
			name: "RATResolution", stream: coopStream, revision: 35, prev: prevHash, on: calendar.MustNew(2026, time.March, 14),
			payload: cooperative.RATResolution{Year: 2025, Kind: cooperative.ApproveSHU, For: 58, Against: 3, Abstain: 2, Attending: 63, Carried: true,
				SHU: shuComputed().Fingerprint(), Payout: cooperative.PayoutSukarela, Text: "Pembagian SHU 2025 disetujui", On: calendar.MustNew(2026, time.March, 14)},
		},
		{
			name: "SHUDistributed", stream: coopStream, revision: 36, prev: prevHash, decision: "RAT-2025/3", on: calendar.MustNew(2026, time.March, 16),
			payload: cooperative.SHUDistributed{Year: 2025, SHU: shuComputed().Fingerprint(), Payout: cooperative.PayoutSukarela, On: calendar.MustNew(2026, time.March, 16),
				Lines: []ledger.Line{
					{Account: "3-5100", Side: ledger.Debit, Amount: money.New(1_000_000), Unit: "simpan-pinjam"},
					{Account: "3-2100", Side: ledger.Credit, Amount: money.New(400_000), Unit: "simpan-pinjam"},
					{Account: "2-1600", Side: ledger.Credit, Amount: money.New(400_000), Unit: "simpan-pinjam"},
					{Account: "2-1700", Side: ledger.Credit, Amount: money.New(200_000), Unit: "simpan-pinjam"},
				}},
		},
		{
			name: "KeyRegistered", stream: coopStream, revision: 37, prev: prevHash, decision: "RAPAT-PENGURUS-7", on: calendar.MustNew(2026, time.March, 14),
			payload: cooperative.KeyRegistered{Role: "ketua", PublicKey: ed25519.NewKeyFromSeed(make([]byte, 32)).Public().(ed25519.PublicKey), On: calendar.MustNew(2026, time.March, 14)},
		},
		{
			name: "SealHeads", stream: codec.SealStream(coop, strings.Repeat("ab", 32)), revision: 0, on: calendar.MustNew(2026, time.March, 14),
			payload: cooperative.SealHeads{Root: [32]byte{0xab, 0xab}, First: 0, On: calendar.MustNew(2026, time.March, 14), Heads: []cooperative.SealHead{
				{Stream: coopStream, Revision: 37, Hash: [32]byte{1, 2, 3}}, {Stream: memberStream, Revision: 9, Hash: [32]byte{4, 5, 6}},
			}},
		},
		{
			name: "Sealed", stream: coopStream, revision: 38, prev: prevHash, on: calendar.MustNew(2026, time.March, 14),
			payload: cooperative.Sealed{Root: [32]byte{0xab, 0xab}, Streams: 2, Events: 47, ThroughCommit: 4711, ThroughPrepare: 4711,
				Key: ed25519.NewKeyFromSeed(make([]byte, 32)).Public().(ed25519.PublicKey), Signature: make([]byte, 64), On: calendar.MustNew(2026, time.March, 14)},
		},
		{
			name: "HealthChecklistAnswered", stream: coopStream, revision: 39, prev: prevHash, on: calendar.MustNew(2026, time.March, 14),
			payload: cooperative.HealthChecklistAnswered{Year: 2025, Indicator: "kpmr", Fulfilled: 14, Total: 18, Role: "pengawas", On: calendar.MustNew(2026, time.March, 14)},
		},
		{
			name: "ReportSubmitted", stream: coopStream, revision: 40, prev: prevHash, on: calendar.MustNew(2026, time.April, 20),
			payload: cooperative.ReportSubmitted{Duty: prudential.AnnualReport, Year: 2025, Ref: "TT-2026/0412", On: calendar.MustNew(2026, time.April, 20)},
		},
		{
			name: "MemberSHUReceived", stream: memberStream, revision: 9, prev: prevHash, decision: "RAT-2025/3", on: calendar.MustNew(2026, time.March, 16),
			payload: member.SHUReceived{Year: 2025, Amount: money.New(407_500), To: "sukarela", On: calendar.MustNew(2026, time.March, 16)},
		},
		{
			name: "UserAdded", stream: codec.AccessStream(coop), revision: 0, on: calendar.MustNew(2026, time.March, 2),
			payload: access.UserAdded{Username: "anggota1", Name: "Siti Rahayu", Roles: []access.Role{access.Anggota}, Member: "A-0001", On: calendar.MustNew(2026, time.March, 2)},
		},
		{
			name: "PasswordSet", stream: codec.AccessStream(coop), revision: 1, prev: prevHash, on: calendar.MustNew(2026, time.March, 2),
			payload: access.PasswordSet{Username: "anggota1", On: calendar.MustNew(2026, time.March, 2)},
		},
		{
			name: "RolesGranted", stream: codec.AccessStream(coop), revision: 2, prev: prevHash, on: calendar.MustNew(2026, time.March, 2),
			payload: access.RolesGranted{Username: "budi.s", Roles: []access.Role{access.Teller, access.Bendahara}, On: calendar.MustNew(2026, time.March, 2)},
		},
		{
			name: "RolesRevoked", stream: codec.AccessStream(coop), revision: 3, prev: prevHash, on: calendar.MustNew(2026, time.March, 2),
			payload: access.RolesRevoked{Username: "budi.s", Roles: []access.Role{access.Teller}, On: calendar.MustNew(2026, time.March, 2)},
		},
		{
			name: "TokenIssued", stream: codec.AccessStream(coop), revision: 4, prev: prevHash, on: calendar.MustNew(2026, time.March, 2),
			payload: access.TokenIssued{ID: "9f2c4e1a7b3d5c60", Username: "budi.s", Label: "impor malam", On: calendar.MustNew(2026, time.March, 2)},
		},
		{
			name: "TokenRevoked", stream: codec.AccessStream(coop), revision: 5, prev: prevHash, on: calendar.MustNew(2026, time.March, 3),
			payload: access.TokenRevoked{ID: "9f2c4e1a7b3d5c60", On: calendar.MustNew(2026, time.March, 3)},
		},
		{
			name: "UserDisabled", stream: codec.AccessStream(coop), revision: 6, prev: prevHash, on: calendar.MustNew(2026, time.March, 3),
			payload: access.UserDisabled{Username: "budi.s", On: calendar.MustNew(2026, time.March, 3)},
		},
	}
}

// encoded is a sample sealed by the registry.
type encoded struct {
	sample
	data eventstore.EventData
	hash codec.Hash
}

func (e encoded) recorded() eventstore.RecordedEvent {
	return eventstore.RecordedEvent{EventData: e.data, Stream: e.stream, Revision: e.revision}
}

func encodeAll(t testing.TB) []encoded {
	t.Helper()
	var out []encoded
	for _, s := range samples() {
		data, hash, err := codec.Events().Encode(s.stream, s.revision, s.prev, s.meta(), s.payload)
		require.NoError(t, err, s.name)
		out = append(out, encoded{sample: s, data: data, hash: hash})
	}
	return out
}

func encodedNamed(t testing.TB, name string) encoded {
	t.Helper()
	for _, e := range encodeAll(t) {
		if e.name == name {
			return e
		}
	}
	t.Fatalf("no sample named %s", name)
	return encoded{}
}

// TestGolden freezes the stored form (name, payload bytes, metadata bytes)
// of every registered event type. Run `go test ./internal/codec -update`
// to rewrite testdata/events.golden, and review the diff like code: a
// change to a stored form that is already in a log is a new schema version
// with an upcaster, or a new name.
func TestGolden(t *testing.T) {
	byName := map[string]encoded{}
	for _, e := range encodeAll(t) {
		name, ok := codec.Events().NameOf(e.payload)
		require.True(t, ok, "sample %s: type %T is not registered", e.name, e.payload)
		require.Equal(t, e.name, name, "sample of type %T", e.payload)
		require.Equal(t, e.name, e.data.Type)
		_, dup := byName[e.name]
		require.False(t, dup, "two samples of %s", e.name)
		byName[e.name] = e
	}

	var b bytes.Buffer
	b.WriteString("# The stored form of every registered event type; see codec_test.go.\n")
	b.WriteString("# Rewrite with: go test ./internal/codec -update\n")
	for _, name := range codec.Events().Names() {
		e, ok := byName[name]
		if !ok {
			t.Errorf("registered event type %s has no sample in samples(): add one", name)
			continue
		}
		fmt.Fprintf(&b, "\n== %s\n", name)
		fmt.Fprintf(&b, "stream:   %s\n", e.stream)
		fmt.Fprintf(&b, "revision: %d\n", e.revision)
		fmt.Fprintf(&b, "data:     %s\n", e.data.Data)
		fmt.Fprintf(&b, "metadata: %s\n", e.data.Metadata)
		delete(byName, name)
	}
	for name := range byName {
		t.Errorf("sample %s is not a registered stored name", name)
	}
	if t.Failed() {
		return
	}

	if *update {
		require.NoError(t, os.MkdirAll(filepath.Dir(golden), 0o755))
		require.NoError(t, os.WriteFile(golden, b.Bytes(), 0o644))
		t.Logf("rewrote %s", golden)
		return
	}
	want, err := os.ReadFile(golden)
	require.NoError(t, err, "run `go test ./internal/codec -update` to create the golden file")
	assert.Equal(t, string(want), b.String(), "the stored form changed; if that is intended, run `go test ./internal/codec -update` and review the diff")
}

func TestRoundTrip(t *testing.T) {
	for _, e := range encodeAll(t) {
		t.Run(e.name, func(t *testing.T) {
			got, err := codec.Events().Decode(e.recorded())
			require.NoError(t, err)
			switch c := e.payload.(type) {
			// A computation's zero amounts come out of arithmetic, whose
			// big.Int zeros differ in form from a parsed "0": compare the
			// values, and the digests the RAT quotes.
			case cooperative.SHUComputed:
				back := got.Payload.(cooperative.SHUComputed)
				assert.Equal(t, c.Fingerprint(), back.Fingerprint())
				assert.Equal(t, c.Digest, back.Digest)
			case cooperative.SHUShares:
				back := got.Payload.(cooperative.SHUShares)
				assert.Equal(t, cooperative.SharesDigest(c.Members, c.Payouts), cooperative.SharesDigest(back.Members, back.Payouts))
				joined, err := shuHeader().JoinShares([]cooperative.SHUShares{back})
				require.NoError(t, err)
				assert.Equal(t, shuComputed().Fingerprint(), joined.Fingerprint())
			default:
				assert.Equal(t, e.payload, got.Payload)
			}
			assert.Equal(t, fmt.Sprint(e.payload), fmt.Sprint(got.Payload), "amounts and dates by their String methods")

			env := got.Envelope
			assert.Equal(t, eventID, env.ID)
			assert.Equal(t, e.name, env.Type)
			assert.Equal(t, 1, env.Schema)
			assert.Equal(t, coop, env.Coop)
			assert.Equal(t, e.stream, env.Stream)
			assert.Equal(t, e.revision, env.Revision)
			assert.Equal(t, e.on, env.Effective)
			assert.True(t, recorded.Equal(env.Recorded), "recorded %s, want %s", env.Recorded, recorded)
			assert.Equal(t, time.UTC, env.Recorded.Location())
			assert.Equal(t, actor, env.Actor)
			assert.Equal(t, e.decision, env.Decision)
			assert.Equal(t, e.prev, env.Prev)
			assert.Equal(t, e.hash, env.Hash)
			assert.Equal(t, codec.ComputeHash(env, e.data.Data), env.Hash)
			assert.NoError(t, codec.CheckLink(int64(e.revision)-1, e.prev, env, e.data.Data))

			// The envelope alone reads the same.
			alone, err := codec.DecodeEnvelope(e.recorded())
			require.NoError(t, err)
			assert.Equal(t, env, alone)
		})
	}
}

func TestComputeHash(t *testing.T) {
	env := codec.Envelope{
		ID: eventID, Type: "SavingsDeposited", Schema: 1, Coop: coop,
		Stream: codec.MemberStream(coop, memID), Revision: 4,
		Effective: calendar.MustNew(2025, time.August, 1), Recorded: recorded,
		Actor: actor, Decision: "RAT-2025/07", Prev: prevHash,
	}
	data := []byte(`{"product":"sukarela","amount":"150000","ref":"SET-0002"}`)
	base := codec.ComputeHash(env, data)
	require.False(t, base.IsZero())
	require.Equal(t, base, codec.ComputeHash(env, bytes.Clone(data)), "deterministic")

	t.Run("every byte of the data", func(t *testing.T) {
		for i := range data {
			changed := bytes.Clone(data)
			changed[i] ^= 0x01
			assert.NotEqual(t, base, codec.ComputeHash(env, changed), "byte %d flipped", i)
		}
		assert.NotEqual(t, base, codec.ComputeHash(env, data[:len(data)-1]), "truncated")
		assert.NotEqual(t, base, codec.ComputeHash(env, append(bytes.Clone(data), ' ')), "extended")
	})

	for _, tc := range []struct {
		name   string
		change func(*codec.Envelope)
	}{
		{"revision", func(e *codec.Envelope) { e.Revision++ }},
		{"stream", func(e *codec.Envelope) { e.Stream = codec.MemberStream(coop, "A-0002") }},
		{"id", func(e *codec.Envelope) { e.ID[15] ^= 1 }},
		{"type", func(e *codec.Envelope) { e.Type = "SavingsWithdrawn" }},
		{"schema", func(e *codec.Envelope) { e.Schema = 2 }},
		{"coop", func(e *codec.Envelope) { e.Coop = "kdmp-sukamaju" }},
		{"effective", func(e *codec.Envelope) { e.Effective = e.Effective.AddDays(1) }},
		{"recorded", func(e *codec.Envelope) { e.Recorded = e.Recorded.Add(time.Nanosecond) }},
		{"actor", func(e *codec.Envelope) { e.Actor = "ketua" }},
		{"decision", func(e *codec.Envelope) { e.Decision = "" }},
		{"prev", func(e *codec.Envelope) { e.Prev = codec.Hash{} }},
		// The fields are length-prefixed: moving bytes from one field to
		// the next changes the hash.
		{"field boundary", func(e *codec.Envelope) { e.Actor, e.Decision = actor+"R", "AT-2025/07" }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			changed := env
			tc.change(&changed)
			assert.NotEqual(t, base, codec.ComputeHash(changed, data))
		})
	}

	t.Run("independent of the store's position and of the hash field", func(t *testing.T) {
		changed := env
		changed.Position = eventstore.Position{Commit: 99, Prepare: 98}
		changed.Hash = base
		assert.Equal(t, base, codec.ComputeHash(changed, data))
	})

	t.Run("the same instant in another zone", func(t *testing.T) {
		changed := env
		changed.Recorded = recorded.In(time.FixedZone("WIB", 7*3600))
		assert.Equal(t, base, codec.ComputeHash(changed, data))
	})
}

// chain encodes three events of one member's stream, each linked to the
// one before it, and returns their decoded envelopes and payload bytes.
func chain(t *testing.T) ([]codec.Envelope, [][]byte) {
	t.Helper()
	on := calendar.MustNew(2025, time.August, 1)
	stream := codec.MemberStream(coop, memID)
	payloads := []any{
		member.Admitted{Member: memID, Name: "Siti Aminah", Ref: "ADM-0001", EntryFee: money.New(0), PolicyVersion: 1, On: on},
		savings.Deposited{Product: savings.Pokok, Amount: money.New(100_000), Ref: "SET-0001", On: on},
		savings.Deposited{Product: savings.Sukarela, Amount: money.New(75_000), Ref: "SET-0002", On: on},
	}
	var envs []codec.Envelope
	var datas [][]byte
	var prev codec.Hash
	for i, p := range payloads {
		m := codec.Meta{ID: uuid.NewSHA1(eventID, []byte{byte(i)}), Coop: coop, Recorded: recorded.Add(time.Duration(i) * time.Second), Actor: actor}
		data, hash, err := codec.Events().Encode(stream, uint64(i), prev, m, p)
		require.NoError(t, err)
		e, err := codec.Events().Decode(eventstore.RecordedEvent{EventData: data, Stream: stream, Revision: uint64(i)})
		require.NoError(t, err)
		require.Equal(t, hash, e.Hash)
		envs = append(envs, e.Envelope)
		datas = append(datas, data.Data)
		prev = hash
	}
	return envs, datas
}

func TestCheckLink(t *testing.T) {
	envs, datas := chain(t)

	t.Run("intact", func(t *testing.T) {
		prevRevision, prev := int64(-1), codec.Hash{}
		for i, e := range envs {
			assert.NoError(t, codec.CheckLink(prevRevision, prev, e, datas[i]), "revision %d", e.Revision)
			prevRevision, prev = int64(e.Revision), e.Hash
		}
	})

	broken := func(t *testing.T, err error, revision uint64) {
		t.Helper()
		var ce *codec.ChainError
		require.ErrorAs(t, err, &ce)
		assert.ErrorIs(t, err, eventstore.ErrCorrupt)
		assert.Equal(t, envs[revision].Stream, ce.Stream)
		assert.Equal(t, revision, ce.Revision)
		assert.Equal(t, envs[revision].ID, ce.ID)
		assert.NotEmpty(t, ce.Problem)
		assert.Contains(t, err.Error(), envs[revision].Stream)
	}

	t.Run("wrong previous hash", func(t *testing.T) {
		broken(t, codec.CheckLink(1, envs[0].Hash, envs[2], datas[2]), 2)
		broken(t, codec.CheckLink(1, codec.Hash{}, envs[2], datas[2]), 2)
		broken(t, codec.CheckLink(-1, envs[2].Hash, envs[0], datas[0]), 0)
	})
	t.Run("revision gap", func(t *testing.T) {
		broken(t, codec.CheckLink(0, envs[1].Hash, envs[2], datas[2]), 2)
		broken(t, codec.CheckLink(-1, codec.Hash{}, envs[1], datas[1]), 1)
		broken(t, codec.CheckLink(2, envs[1].Hash, envs[2], datas[2]), 2)
	})
	t.Run("tampered payload", func(t *testing.T) {
		tampered := bytes.Replace(datas[2], []byte(`"75000"`), []byte(`"95000"`), 1)
		require.NotEqual(t, datas[2], tampered)
		broken(t, codec.CheckLink(1, envs[1].Hash, envs[2], tampered), 2)
	})
	t.Run("tampered envelope", func(t *testing.T) {
		e := envs[1]
		e.Actor = "ketua"
		broken(t, codec.CheckLink(0, envs[0].Hash, e, datas[1]), 1)
	})
}

func TestDecodeRefusesCorruptEvents(t *testing.T) {
	deposit := encodedNamed(t, "SavingsDeposited")
	meta := string(deposit.data.Metadata)
	require.Contains(t, meta, `"schema":1,`)

	for _, tc := range []struct {
		name           string
		typ            string
		data, metadata string
		problem        string
	}{
		{"unknown type", "SavingsTeleported", string(deposit.data.Data), meta, "unknown event type"},
		{"metadata not JSON", deposit.name, string(deposit.data.Data), "schema=1;coop=" + coop, "metadata"},
		{"no metadata", deposit.name, string(deposit.data.Data), "", "metadata"},
		{"schema version 0", deposit.name, string(deposit.data.Data), strings.Replace(meta, `"schema":1,`, `"schema":0,`, 1), "schema version 0"},
		{"schema version 99", deposit.name, string(deposit.data.Data), strings.Replace(meta, `"schema":1,`, `"schema":99,`, 1), "schema version 99"},
		{"amount with a decimal comma", deposit.name, strings.Replace(string(deposit.data.Data), `"100000"`, `"12,5"`, 1), meta, "12,5"},
		{"payload not JSON", deposit.name, "{", meta, "payload"},
		{"unknown product", deposit.name, strings.Replace(string(deposit.data.Data), `"pokok"`, `"emas"`, 1), meta, "emas"},
		{"impossible effective date", deposit.name, string(deposit.data.Data), strings.Replace(meta, `"2025-08-01"`, `"2025-02-30"`, 1), "effective date"},
		{"bad previous hash", deposit.name, string(deposit.data.Data), strings.Replace(meta, prevHash.String(), "xyz", 1), "previous hash"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			rec := deposit.recorded()
			rec.Type, rec.Data, rec.Metadata = tc.typ, []byte(tc.data), []byte(tc.metadata)
			_, err := codec.Events().Decode(rec)
			require.Error(t, err)
			assert.ErrorIs(t, err, eventstore.ErrCorrupt)
			var ce *codec.CorruptError
			require.ErrorAs(t, err, &ce)
			assert.Equal(t, rec.Stream, ce.Stream)
			assert.Equal(t, rec.Revision, ce.Revision)
			assert.Equal(t, rec.ID, ce.ID)
			assert.Contains(t, ce.Problem, tc.problem)
		})
	}
}

func TestStreams(t *testing.T) {
	m := codec.MemberStream(coop, memID)
	assert.Equal(t, "member-kdmp-kedungwaringin.A-0001", m)
	gotCoop, gotMember, ok := codec.ParseMemberStream(m)
	assert.True(t, ok)
	assert.Equal(t, coop, gotCoop)
	assert.Equal(t, memID, gotMember)
	_, ok = codec.ParseCooperativeStream(m)
	assert.False(t, ok, "a member stream is not a cooperative stream")

	c := codec.CooperativeStream(coop)
	assert.Equal(t, "coop-kdmp-kedungwaringin", c)
	got, ok := codec.ParseCooperativeStream(c)
	assert.True(t, ok)
	assert.Equal(t, coop, got)
	_, _, ok = codec.ParseMemberStream(c)
	assert.False(t, ok, "a cooperative stream is not a member stream")

	// Every pair of valid ids round-trips, including member ids with the
	// characters ids allow besides letters and digits.
	for _, tc := range []struct{ coop, member string }{
		{"k", "1"}, {"kopdes-sukamaju", "A_01-b"}, {"kdmp-01-2", "x-y-z"},
	} {
		c, m, ok := codec.ParseMemberStream(codec.MemberStream(tc.coop, tc.member))
		assert.True(t, ok)
		assert.Equal(t, tc.coop, c)
		assert.Equal(t, tc.member, m)
		c, ok = codec.ParseCooperativeStream(codec.CooperativeStream(tc.coop))
		assert.True(t, ok)
		assert.Equal(t, tc.coop, c)
	}

	for _, s := range []string{"", "member-", "member-kdmp", "members-kdmp.A", "coop", "Coop-kdmp", "loan-kdmp.L-1"} {
		_, _, ok := codec.ParseMemberStream(s)
		assert.False(t, ok, "ParseMemberStream(%q)", s)
	}
	for _, s := range []string{"", "coop", "cooperative-kdmp", "member-kdmp.A"} {
		_, ok := codec.ParseCooperativeStream(s)
		assert.False(t, ok, "ParseCooperativeStream(%q)", s)
	}

	a := codec.AccessStream(coop)
	assert.Equal(t, "access-kdmp-kedungwaringin", a)
	got, ok = codec.ParseAccessStream(a)
	assert.True(t, ok)
	assert.Equal(t, coop, got)
	_, ok = codec.ParseCooperativeStream(a)
	assert.False(t, ok, "a users stream is not a cooperative stream")
	for _, s := range []string{"", "access-", "access", "coop-kdmp", "access-kdmp.x"} {
		_, ok := codec.ParseAccessStream(s)
		assert.False(t, ok, "ParseAccessStream(%q)", s)
	}
}

// FuzzDecode checks that Decode never panics on stored bytes: it either
// refuses them as corrupt or returns an event that seals again, through
// Encode with its own envelope, to the hash ComputeHash gives that
// envelope, into a canonical form that decodes and re-encodes to the same
// bytes.
func FuzzDecode(f *testing.F) {
	for _, e := range encodeAll(f) {
		f.Add(e.data.Type, e.data.Data, e.data.Metadata)
	}
	deposit := encodedNamed(f, "SavingsDeposited")
	meta := string(deposit.data.Metadata)
	for _, broken := range []struct {
		typ            string
		data, metadata string
	}{
		{"", "", ""},
		{"SavingsTeleported", string(deposit.data.Data), meta},
		{deposit.name, string(deposit.data.Data), "null"},
		{deposit.name, "null", meta},
		{deposit.name, "[]", meta},
		{deposit.name, `{"product":"pokok","amount":"12,5","ref":"x"}`, meta},
		{deposit.name, `{"product":"pokok","amount":"1.50","ref":"x","extra":true}`, meta},
		{deposit.name, `{"PRODUCT":"pokok","amount":"007","ref":"x","ref":"y"}`, meta},
		{deposit.name, string(deposit.data.Data), strings.Replace(meta, `"schema":1,`, `"schema":99,`, 1)},
		{deposit.name, string(deposit.data.Data), strings.Replace(meta, `"schema":1,`, `"schema":-1,`, 1)},
		{deposit.name, string(deposit.data.Data), strings.Replace(meta, "Z\"", "+07:00\"", 1)},
		{deposit.name, string(deposit.data.Data), strings.Replace(meta, prevHash.String(), strings.ToUpper(prevHash.String()), 1)},
		{"MemberExitSettled", `{"ref":"K","pokok":"1","wajib":"0","sukarela":"-0","loan_offset":"0","net_payout":"1e3"}`, meta},
		{"CooperativeRegistered", `{"coop":"k","name":"n","policy":{"currency":"IDR","minor_unit":9,"time_zone":"Asia/Jakarta","pokok":"1","wajib":"1","wajib_period":"monthly","max_amount":"0"}}`, meta},
	} {
		f.Add(broken.typ, []byte(broken.data), []byte(broken.metadata))
	}

	stream := codec.MemberStream(coop, memID)
	f.Fuzz(func(t *testing.T, typ string, data, metadata []byte) {
		rec := eventstore.RecordedEvent{
			EventData: eventstore.EventData{ID: eventID, Type: typ, Data: data, Metadata: metadata},
			Stream:    stream, Revision: 7,
		}
		e, err := codec.Events().Decode(rec)
		again, errAgain := codec.Events().Decode(rec)
		if err != nil {
			require.ErrorIs(t, err, eventstore.ErrCorrupt)
			require.Error(t, errAgain)
			require.Equal(t, err.Error(), errAgain.Error())
			return
		}
		require.NoError(t, errAgain)
		require.Equal(t, e, again, "decoding the same bytes twice")

		reseal := func(e codec.Event) (eventstore.EventData, codec.Hash) {
			m := codec.Meta{ID: e.ID, Coop: e.Coop, Recorded: e.Recorded, Actor: e.Actor, Decision: e.Decision}
			out, h, err := codec.Events().Encode(e.Stream, e.Revision, e.Prev, m, e.Payload)
			require.NoError(t, err)
			return out, h
		}
		out, h := reseal(e)
		require.Equal(t, typ, out.Type)
		require.Equal(t, codec.ComputeHash(e.Envelope, out.Data), h, "Encode seals with the envelope Decode returned")

		back, err := codec.Events().Decode(eventstore.RecordedEvent{EventData: out, Stream: stream, Revision: 7})
		require.NoError(t, err, "the re-encoded event does not decode: data %s metadata %s", out.Data, out.Metadata)
		require.Equal(t, h, back.Hash)
		require.NoError(t, codec.CheckLink(6, e.Prev, back.Envelope, out.Data))
		out2, h2 := reseal(back)
		require.Equal(t, string(out.Data), string(out2.Data))
		require.Equal(t, string(out.Metadata), string(out2.Metadata))
		require.Equal(t, h, h2)
	})
}

// TestEveryEventHasPostingRules holds the posting rules to the registry:
// every registered type has a sample (TestGolden), and every sample must
// go through posting.Entries, which panics on a type it does not list and
// on an entry that does not balance. Types that move no money are named
// here; every other sample must post.
func TestEveryEventHasPostingRules(t *testing.T) {
	moveNoMoney := map[string]bool{
		"CooperativeRegistered": true, "CooperativePolicyChanged": true, "CooperativeChartAdopted": true,
		"AccountAdded": true, "AccountRenamed": true, "AccountClosed": true, "BusinessUnitAdded": true,
		"PeriodClosed": true, "PeriodReopened": true, "LoanProductDefined": true,
		"LoanApplied": true, "LoanApproved": true, "LoanRejected": true, "LoanRestructured": true, "LoanClassified": true,
		"SHUPolicyAdopted": true, "SHUComputed": true, "RATConvened": true, "RATAttendanceRecorded": true, "RATResolution": true, "SHUShares": true, "KeyRegistered": true, "SealHeads": true, "Sealed": true,
		"HealthChecklistAnswered": true, "ReportSubmitted": true,
		"UserAdded": true, "RolesGranted": true, "RolesRevoked": true, "UserDisabled": true, "PasswordSet": true,
		"TokenIssued": true, "TokenRevoked": true,
	}
	chart := ledger.DefaultChart(calendar.MustNew(2025, time.January, 1))
	for _, s := range samples() {
		t.Run(s.name, func(t *testing.T) {
			var entries []ledger.Entry
			require.NotPanics(t, func() { entries = posting.Entries(s.payload, chart) })
			if moveNoMoney[s.name] {
				assert.Empty(t, entries)
				return
			}
			require.NotEmpty(t, entries, "%s moves money and must post", s.name)
			for _, e := range entries {
				d, c := e.Totals()
				assert.True(t, d.Equal(c), "debit %s, credit %s", d, c)
			}
		})
	}
}

func shuPolicy() shu.Policy {
	p := shu.Default()
	p.Pools = append([]shu.Pool(nil), p.Pools...)
	p.Pools = append(p.Pools[:5:5], shu.Pool{Key: "jasa-usaha-toko", Name: "Jasa usaha toko", Kind: shu.Patronage, Percent: dec("5"), Unit: "toko", Basis: shu.Purchases, Account: "2-1600"}, p.Pools[6], p.Pools[7])
	return p
}

func shuComputed() cooperative.SHUComputed {
	f := shu.Figures{
		Year: 2025, BeforeTax: money.New(2_100_000), Tax: money.New(100_000), NonMember: money.New(50_000), CapitalDivisor: 12, Places: 0,
		Members: []shu.Member{
			{ID: string(memID), Name: "Siti Aminah", Capital: money.New(16_800_000), Patronage: []money.Amount{money.New(336_000), money.New(150_000)}},
			{ID: "A-0002", Name: "Budi", Capital: money.New(15_600_000), Patronage: []money.Amount{money.New(123_456), money.New(0)}, Exited: calendar.MustNew(2025, time.June, 30)},
		},
	}
	r, err := shu.Compute(shuPolicy(), f)
	if err != nil {
		panic(err)
	}
	c := cooperative.SHUComputed{Year: 2025, PolicyVersion: 2, Policy: shuPolicy(), Figures: f, Result: r,
		Members: len(f.Members), Shares: cooperative.SharesDigest(f.Members, r.Payouts),
		Statements: "9f2c4d1e0b7a6c5d4e3f2a1b0c9d8e7f6a5b4c3d2e1f0a9b8c7d6e5f4a3b2c1d", Supersedes: "", On: calendar.MustNew(2026, time.February, 2)}
	c.Digest = c.Fingerprint()
	return c
}

// shuHeader and shuShares are the computation as recorded.
func shuHeader() cooperative.SHUComputed { return shuComputed().Header() }
func shuShares() cooperative.SHUShares {
	_, runs := shuComputed().Split(codec.SHURowsPerEvent, codec.SHURowSize)
	return runs[0]
}

// Rows of long names and several patronage pools are split so that every
// SHUShares event is within the store's limit, and four fit an append.
func TestSHUSharesFitTheStore(t *testing.T) {
	f := shu.Figures{Year: 2025, BeforeTax: money.New(9_000_000_000), Tax: money.New(0), NonMember: money.New(0), CapitalDivisor: 366}
	long := strings.Repeat("Nama & <Panjang> ", 7)[:119]
	for i := range 5000 {
		f.Members = append(f.Members, shu.Member{ID: fmt.Sprintf("ANGGOTA-%024d", i), Name: long, Capital: money.New(366 * 9_999_999_999),
			Patronage: []money.Amount{money.New(9_999_999_999), money.New(9_999_999_999)}})
	}
	p := shuPolicy()
	r, err := shu.Compute(p, f)
	require.NoError(t, err)
	c := cooperative.SHUComputed{Year: 2025, PolicyVersion: 1, Policy: p, Figures: f, Result: r, Members: len(f.Members), Shares: cooperative.SharesDigest(f.Members, r.Payouts)}
	header, runs := c.Split(codec.SHURowsPerEvent, codec.SHURowSize)
	require.Greater(t, len(runs), 5)
	var prev codec.Hash
	for i, run := range runs {
		data, hash, err := codec.Events().Encode(codec.SHUSharesStream(coop, 2025, c.Shares), uint64(i), prev, codec.Meta{ID: eventID, Coop: coop, Recorded: time.Now(), Actor: "bendahara"}, run)
		require.NoError(t, err)
		size := len(data.Data) + len(data.Metadata)
		assert.LessOrEqual(t, size, eventstore.MaxEventSize, "run %d", i)
		assert.LessOrEqual(t, 4*size, eventstore.MaxAppendSize, "four runs an append")
		prev = hash
	}
	joined, err := header.JoinShares(runs)
	require.NoError(t, err)
	assert.Equal(t, c.Fingerprint(), joined.Fingerprint())
}
