package cooperative_test

import (
	"reflect"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"

	"github.com/lumbung-ledger/lumbung/domain/calendar"
	"github.com/lumbung-ledger/lumbung/domain/cooperative"
	"github.com/lumbung-ledger/lumbung/domain/ledger"
	"github.com/lumbung-ledger/lumbung/domain/loan"
)

// TestEvolveNeverChangesTheStateItIsGiven proves the cooperative's state
// persistent: every state of a stream, kept while later events are folded
// into it, still equals the state folded afresh from the events up to it.
// The application shares one cached state between concurrent readers on
// this property.
func TestEvolveNeverChangesTheStateItIsGiven(t *testing.T) {
	may := ledger.Month{Year: 2025, Month: time.May}
	on := calendar.MustNew(2025, time.June, 1)
	events := []cooperative.Event{
		registeredEvent(),
		chartAdopted(registered),
		cooperative.PolicyChanged{Policy: terms(), From: on},
		transportAdded(),
		cooperative.AccountRenamed{Code: transport().Code, Name: "Beban angkutan", On: on},
		cooperative.AccountClosed{Code: transport().Code, On: on},
		cooperative.UnitAdded{Unit: ledger.Unit{Code: "toko", Name: "Toko"}, On: on},
		cooperative.UnitAdded{Unit: ledger.Unit{Code: "simpan-pinjam", Name: "Simpan pinjam"}, On: on},
		cooperative.ProductDefined{Product: loan.Product{Code: "umum"}, From: on},
		cooperative.ProductDefined{Product: loan.Product{Code: "umum"}, From: on.AddDays(1)},
		cooperative.PeriodClosed{Period: may},
		cooperative.PeriodClosed{Period: ledger.Month{Year: 2025, Month: time.April}},
		cooperative.PeriodReopened{Period: may},
		cooperative.YearClosed{Year: 2025, On: on},
		cooperative.YearClosed{Year: 2026, On: on},
		cooperative.SHUPolicyAdopted{From: on},
		cooperative.SHUPolicyAdopted{From: on.AddDays(1)},
		cooperative.SHUComputed{Year: 2025, Digest: "a"},
		cooperative.RATConvened{Year: 2025, Members: 3, On: on},
		cooperative.RATAttendanceRecorded{Year: 2025, Members: []cooperative.Attendance{{Member: "A-1", Mode: "hadir"}}, On: on},
		cooperative.RATAttendanceRecorded{Year: 2025, Members: []cooperative.Attendance{{Member: "A-2", Mode: "hadir"}}, On: on},
		cooperative.RATResolution{Year: 2025, Kind: "approve-shu"},
		cooperative.RATResolution{Year: 2025, Kind: "approve-statements"},
		cooperative.SHUComputed{Year: 2025, Digest: "b"},
		cooperative.SHUDistributed{Year: 2025, SHU: "b"},
		cooperative.KeyRegistered{Role: "ketua", PublicKey: make([]byte, 32), On: on},
		cooperative.KeyRegistered{Role: "pengawas", PublicKey: make([]byte, 32), On: on},
		cooperative.Sealed{Events: 10, On: on},
		cooperative.HealthChecklistAnswered{Year: 2025, Indicator: "a", Fulfilled: 1, Total: 2, On: on},
		cooperative.HealthChecklistAnswered{Year: 2025, Indicator: "b", Fulfilled: 2, Total: 2, On: on},
		cooperative.ReportSubmitted{Year: 2025, Ref: "R-1", On: on},
		cooperative.ReportSubmitted{Year: 2025, Ref: "R-2", On: on},
	}
	kept := make([]cooperative.State, len(events))
	var s cooperative.State
	for i, e := range events {
		s = cooperative.Evolve(s, e)
		kept[i] = s
	}
	for i := range events {
		assert.True(t, reflect.DeepEqual(fold(events[:i+1]), kept[i]), "the state after %T (event %d) was changed by a later event", events[i], i)
	}
}
