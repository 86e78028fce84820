package i18n

import (
	"errors"
	"fmt"

	"github.com/lumbung-ledger/lumbung/domain/cooperative"
	"github.com/lumbung-ledger/lumbung/domain/shu"
	"github.com/lumbung-ledger/lumbung/internal/app"
)

// yearEnd explains the refusals of the year end (SHU and RAT); ok is
// false for an error that is none of them.
func (p Printer) yearEnd(err error) (string, bool) {
	var (
		pending *app.SharesPendingError
		share   *app.ShareError
		sum     *shu.PoolsSumError
		surplus *shu.NoSurplusError
		quorum  *cooperative.QuorumError
	)
	switch {
	case errors.As(err, &pending):
		return fmt.Sprintf(p.T("Pembagian SHU tahun %d sudah dicatat, tetapi bagian anggota belum semuanya tertulis: %s Jalankan lagi \"lumbung shu distribute --year %d --decision REF\" setelah masalahnya diatasi.",
			"The distribution of the %d SHU is recorded, but not every member's share is written: %s Run \"lumbung shu distribute --year %d --decision REF\" again once the problem is solved."),
			pending.Year, p.Explain(pending.Err), pending.Year), true
	case errors.As(err, &share):
		return fmt.Sprintf(p.T("Bagian SHU anggota %s (%s): %s", "The SHU share of member %s (%s): %s"), share.Member, p.Money(share.Amount), p.Explain(share.Err)), true
	case errors.As(err, &sum):
		return fmt.Sprintf(p.T("Persentase pos SHU berjumlah %s %%, bukan tepat 100 %%. Tidak ada yang dicatat.",
			"The SHU pools sum to %s %%, not exactly 100 %%. Nothing was recorded."), sum.Sum), true
	case errors.As(err, &surplus):
		return fmt.Sprintf(p.T("Tahun buku %d tidak memiliki SHU untuk dibagi: SHU setelah pajak %s, bagian anggota %s. Tidak ada yang dicatat.",
			"Financial year %d has no SHU to distribute: SHU after tax %s, member part %s. Nothing was recorded."),
			surplus.Year, p.Money(surplus.AfterTax), p.Money(surplus.MemberPart)), true
	case errors.As(err, &quorum):
		return fmt.Sprintf(p.T("RAT %d belum kuorum: hadir %d dari %d anggota, kuorum (%s) memerlukan %d. Catat kehadiran dahulu dengan \"lumbung rat attend\". Tidak ada yang dicatat.",
			"The %d RAT has no quorum: %d of %d members attend, the quorum (%s) needs %d. Record attendance first with \"lumbung rat attend\". Nothing was recorded."),
			quorum.Year, quorum.Attending, quorum.Members, quorum.Quorum, quorum.Required), true
	case errors.Is(err, cooperative.ErrYearOpen):
		return fmt.Sprintf(p.T("Tahun buku %s belum ditutup; SHU dihitung dan RAT diadakan setelah tahun buku ditutup (\"lumbung year close %s\").",
			"Financial year %s is not closed; the SHU is computed and the RAT held after the year is closed (\"lumbung year close %s\")."),
			detail(err, cooperative.ErrYearOpen), detail(err, cooperative.ErrYearOpen)), true
	case errors.Is(err, cooperative.ErrNoSHUPolicy):
		return fmt.Sprintf(p.T("Belum ada kebijakan SHU yang berlaku pada akhir tahun %s; tetapkan dengan \"lumbung shu policy set\".",
			"No SHU policy is in force at the end of %s; set one with \"lumbung shu policy set\"."), detail(err, cooperative.ErrNoSHUPolicy)), true
	case errors.Is(err, cooperative.ErrSHUApproved):
		return fmt.Sprintf(p.T("RAT sudah menyetujui perhitungan SHU tahun %s; perhitungan itu tidak dapat diganti lagi.",
			"The RAT has approved the SHU computation of %s; it can no longer be replaced."), detail(err, cooperative.ErrSHUApproved)), true
	case errors.Is(err, cooperative.ErrSHUDistributed):
		return fmt.Sprintf(p.T("SHU tahun %s sudah dibagikan dan dibekukan; tidak ada yang dicatat.",
			"The SHU of %s is distributed and frozen; nothing was recorded."), detail(err, cooperative.ErrSHUDistributed)), true
	case errors.Is(err, cooperative.ErrSHUNotComputed):
		return fmt.Sprintf(p.T("SHU tahun %s belum dihitung; jalankan \"lumbung shu compute --year %s\".",
			"The SHU of %s has not been computed; run \"lumbung shu compute --year %s\"."), detail(err, cooperative.ErrSHUNotComputed), detail(err, cooperative.ErrSHUNotComputed)), true
	case errors.Is(err, cooperative.ErrSHUNotApproved):
		return fmt.Sprintf(p.T("Belum ada keputusan RAT yang menyetujui perhitungan SHU tahun %s yang berlaku; SHU dibagikan hanya setelah keputusan itu (\"lumbung rat resolve --kind approve-shu --shu KODE\"). Tidak ada yang dicatat.",
			"No resolution of the RAT approves the current SHU computation of %s; the SHU is distributed only after one (\"lumbung rat resolve --kind approve-shu --shu DIGEST\"). Nothing was recorded."),
			detail(err, cooperative.ErrSHUNotApproved)), true
	case errors.Is(err, app.ErrShareNotHeld):
		return p.T("Anggota ini masih aktif: bagian SHU-nya diterima melalui pembagian SHU sesuai keputusan RAT, bukan dibayar tunai tersendiri.",
			"This member is still in the cooperative: their SHU share reaches them through the distribution, as the RAT resolved, not as a separate cash payment."), true
	case errors.Is(err, cooperative.ErrSHUPlanStale):
		return p.T("Kebijakan SHU berubah selama perhitungan; jalankan lagi \"lumbung shu compute\".", "The SHU policy changed while the SHU was computed; run \"lumbung shu compute\" again."), true
	case errors.Is(err, cooperative.ErrSHUNotDistributed):
		return fmt.Sprintf(p.T("SHU tahun %s belum dibagikan.", "The SHU of %s has not been distributed."), detail(err, cooperative.ErrSHUNotDistributed)), true
	case errors.Is(err, cooperative.ErrRATNotConvened):
		return fmt.Sprintf(p.T("RAT tahun buku %s belum diadakan; catat dengan \"lumbung rat convene\".",
			"The RAT of %s has not been convened; record it with \"lumbung rat convene\"."), detail(err, cooperative.ErrRATNotConvened)), true
	case errors.Is(err, cooperative.ErrRATConvened):
		return fmt.Sprintf(p.T("RAT tahun buku %s sudah dicatat.", "The RAT of %s is recorded already."), detail(err, cooperative.ErrRATConvened)), true
	case errors.Is(err, cooperative.ErrAttendanceTwice):
		return fmt.Sprintf(p.T("Kehadiran anggota %s sudah dicatat.", "The attendance of member %s is recorded already."), detail(err, cooperative.ErrAttendanceTwice)), true
	case errors.Is(err, cooperative.ErrBeforeMeeting):
		return fmt.Sprintf(p.T("Tanggal keputusan sebelum RAT: %s.", "The resolution's date is before the RAT: %s."), detail(err, cooperative.ErrBeforeMeeting)), true
	case errors.Is(err, cooperative.ErrNotAMemberOnDate):
		return fmt.Sprintf(p.T("Bukan anggota pada tanggal itu: %s.", "Not a member on that date: %s."), detail(err, cooperative.ErrNotAMemberOnDate)), true
	case errors.Is(err, cooperative.ErrSaleMemberUnknown):
		return fmt.Sprintf(p.T("Pembeli bukan anggota pada tanggal penjualan: %s. Catat sebagai --non-member bila pembeli bukan anggota.",
			"The buyer is not a member on the sale's date: %s. Record it with --non-member if the buyer is not a member."), detail(err, cooperative.ErrSaleMemberUnknown)), true
	}
	return "", false
}
