package money

import "fmt"

// Limits say which amounts a cooperative accepts in a transaction: positive,
// a whole number of the currency's minor unit, and at most Max.
type Limits struct {
	// Places is the number of decimals of the currency's minor unit: 0 for
	// rupiah, 2 for shillings and cents.
	Places int32
	// Max is the largest amount of one transaction.
	Max Amount
}

// Problem names what is wrong with an amount.
type Problem string

// Problems with an amount.
const (
	ProblemZero     Problem = "zero"
	ProblemNegative Problem = "negative"
	ProblemFraction Problem = "fraction"
	// ProblemDecimals: written with more decimals than the currency has,
	// even if they are zeros. In Indonesian "1.000" means one thousand;
	// read as a decimal it would be one rupiah, so it is refused rather
	// than guessed.
	ProblemDecimals Problem = "decimals"
	ProblemAboveMax Problem = "above_max"
)

// AmountError reports an amount a transaction cannot carry, with the field
// it came from and the limits it broke.
type AmountError struct {
	Field   string
	Amount  Amount
	Problem Problem
	Limits  Limits
}

func (e *AmountError) Error() string {
	switch e.Problem {
	case ProblemZero:
		return fmt.Sprintf("money: %s is zero, expected an amount greater than zero", e.Field)
	case ProblemNegative:
		return fmt.Sprintf("money: %s is negative (%s), expected an amount greater than zero", e.Field, e.Amount)
	case ProblemFraction:
		return fmt.Sprintf("money: %s %s is not a whole number of the minor unit %s", e.Field, e.Amount, Unit(e.Limits.Places))
	case ProblemDecimals:
		return fmt.Sprintf("money: %s %s has more than %d decimals", e.Field, e.Amount, e.Limits.Places)
	default:
		return fmt.Sprintf("money: %s %s is above the limit %s", e.Field, e.Amount, e.Limits.Max)
	}
}

// Check returns an *AmountError naming field if a breaks the limits.
func (l Limits) Check(field string, a Amount) error {
	problem := Problem("")
	switch {
	case a.IsZero():
		problem = ProblemZero
	case a.IsNegative():
		problem = ProblemNegative
	case !a.IsMultipleOf(Unit(l.Places)):
		problem = ProblemFraction
	case a.d.Exponent() < -l.Places:
		problem = ProblemDecimals
	case a.Cmp(l.Max) > 0:
		problem = ProblemAboveMax
	default:
		return nil
	}
	return &AmountError{Field: field, Amount: a, Problem: problem, Limits: l}
}
