package httpapi

import (
	"bytes"
	"encoding/hex"
	"net/http"
	"time"

	"github.com/lumbung-ledger/lumbung/domain/calendar"
	"github.com/lumbung-ledger/lumbung/domain/input"
	"github.com/lumbung-ledger/lumbung/domain/member"
	"github.com/lumbung-ledger/lumbung/internal/audit"
	"github.com/lumbung-ledger/lumbung/internal/codec"
	"github.com/lumbung-ledger/lumbung/internal/eventstore"
	"github.com/lumbung-ledger/lumbung/internal/projector"
	"github.com/lumbung-ledger/lumbung/internal/report"
)

// verifyLog walks every stream's hash chain and checks every seal, as
// lumbung audit verify does, and answers with the cooperative's view of
// it: its own seals, and a break elsewhere said only by its kind. A log
// that fails verification is answered 200 with ok false: the check
// itself succeeded.
func (a *API) verifyLog(c *call) (int, any, error) {
	r, err := audit.Verify(c.ctx(), a.store, nil)
	if err != nil {
		return 0, nil, err
	}
	if r.Break == nil {
		snaps, _ := a.store.(eventstore.SnapshotStore)
		if r.Stale, err = audit.CheckProjections(c.ctx(), a.store, snaps); err != nil {
			return 0, nil, err
		}
	}
	var buf bytes.Buffer
	if err := report.VerifyAsJSON(&buf, r.ForCooperative(string(c.p.Coop))); err != nil {
		return 0, nil, err
	}
	return http.StatusOK, &download{contentType: contentTypes["json"], data: buf.Bytes()}, nil
}

// SealRequest seals the log on a date. The server never holds the
// chair's private key: once a key is registered the seal must be signed
// on the chair's own machine with lumbung audit seal --key, and this
// refuses with 409.
type SealRequest struct {
	AsOf string `json:"as_of,omitempty"`
}

// SealedJSON is a seal written: its root, to print in the RAT book.
type SealedJSON struct {
	Root    string `json:"root"`
	On      string `json:"on"`
	Streams int    `json:"streams"`
	Events  int    `json:"events"`
	Signed  bool   `json:"signed"`
}

func (a *API) sealLog(c *call) (int, any, error) {
	var req SealRequest
	if err := c.decode(&req); err != nil {
		return 0, nil, err
	}
	on, err := c.date("as_of", req.AsOf)
	if err != nil {
		return 0, nil, err
	}
	s, err := a.svc.SealLog(c.writeCtx(), c.actor(), c.p.Coop, on, nil)
	if err != nil {
		return 0, nil, err
	}
	return http.StatusCreated, SealedJSON{Root: hex.EncodeToString(s.Root[:]), On: s.On.String(), Streams: s.Streams, Events: s.Events, Signed: len(s.Signature) > 0}, nil
}

// memberProof proves that a member's passbook, as it stood at the last
// seal, is in the seal, as lumbung audit proof --json does.
func (a *API) memberProof(c *call) (int, any, error) {
	id, err := member.ParseID(c.r.PathValue("member"))
	if err != nil {
		return 0, nil, err
	}
	s, h, steps, err := a.svc.SealProof(c.ctx(), c.p.Coop, codec.MemberStream(string(c.p.Coop), string(id)))
	if err != nil {
		return 0, nil, err
	}
	events, err := a.svc.MemberEvents(c.ctx(), c.p.Coop, id)
	if err != nil {
		return 0, nil, err
	}
	return http.StatusOK, report.Proof(s, h, steps, events), nil
}

// auditTrail is who recorded what and when, as lumbung audit trail
// shows it: by ?member=, ?account=, ?actor= and the dates recorded
// ?from= and ?to= (its day included).
func (a *API) auditTrail(c *call) (int, any, error) {
	st, err := a.svc.Cooperative(c.ctx(), c.p.Coop)
	if err != nil {
		return 0, nil, err
	}
	latest, _ := st.Policies.Latest()
	zone, err := time.LoadLocation(latest.Policy.TimeZone)
	if err != nil {
		return 0, nil, err
	}
	q := c.r.URL.Query()
	f := audit.TrailFilter{Coop: string(c.p.Coop), Member: q.Get("member"), Account: q.Get("account"), Actor: q.Get("actor")}
	if f.Member != "" {
		if _, err := member.ParseID(f.Member); err != nil {
			return 0, nil, err
		}
	}
	if f.Account != "" {
		acc, ok := st.Chart.Account(f.Account)
		if !ok {
			return 0, nil, &input.Error{Field: "account", Value: f.Account, Want: input.WantKnownAccount}
		}
		if acc.Heading {
			return 0, nil, &input.Error{Field: "account", Value: f.Account, Want: input.WantPostableAccount}
		}
	}
	for _, b := range []struct {
		field string
		at    *time.Time
		next  bool
	}{{"from", &f.From, false}, {"to", &f.To, true}} {
		v := q.Get(b.field)
		if v == "" {
			continue
		}
		d, err := parseDate(b.field, v)
		if err != nil {
			return 0, nil, err
		}
		*b.at = startOf(d, zone)
		if b.next {
			*b.at = b.at.AddDate(0, 0, 1) // to includes its day
		}
	}
	t := audit.NewTrail(f)
	if _, err := projector.New(a.store, nil).Rebuild(c.ctx(), t); err != nil {
		return 0, nil, err
	}
	return c.render(report.Trail(c.pr, st.Name, t, zone), "audit-trail")
}

// startOf is the first instant of a day in a zone.
func startOf(d calendar.Date, zone *time.Location) time.Time {
	y, m, day := d.Civil()
	return time.Date(y, m, day, 0, 0, 0, 0, zone)
}
