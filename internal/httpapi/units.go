package httpapi

import (
	"net/http"

	"github.com/lumbung-ledger/lumbung/domain/ledger"
)

// UnitJSON is a business unit (unit usaha).
type UnitJSON struct {
	Code   string `json:"code"`
	Name   string `json:"name"`
	NameEN string `json:"name_en,omitempty"`
}

// UnitsJSON is the business units; the first is where members' savings
// are booked.
type UnitsJSON struct {
	Units []UnitJSON `json:"units"`
}

// UnitRequest adds a business unit.
type UnitRequest struct {
	Code   string `json:"code" required:"true"`
	Name   string `json:"name" required:"true"`
	NameEN string `json:"name_en,omitempty"`
}

func (a *API) listUnits(c *call) (int, any, error) {
	st, err := a.svc.Cooperative(c.ctx(), c.p.Coop)
	if err != nil {
		return 0, nil, err
	}
	out := UnitsJSON{Units: []UnitJSON{}}
	for _, u := range st.Chart.Units() {
		out.Units = append(out.Units, UnitJSON{Code: u.Code, Name: u.Name, NameEN: u.NameEN})
	}
	return http.StatusOK, out, nil
}

func (a *API) addUnit(c *call) (int, any, error) {
	var req UnitRequest
	if err := c.decode(&req); err != nil {
		return 0, nil, err
	}
	return c.write(a.svc.AddUnit(c.writeCtx(), c.actor(), c.p.Coop, ledger.Unit{Code: req.Code, Name: req.Name, NameEN: req.NameEN}))
}
