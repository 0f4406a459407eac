package dev.ccy.systemd;

/** A unit's state as the manager reports it. */
public record UnitState(String unit, String loadState, String activeState, String subState) {
    public static UnitState unknown(String unit) {
        return new UnitState(unit, "not-found", "inactive", "dead");
    }

    public boolean isActive() {
        return activeState.equals("active") || activeState.equals("reloading") || activeState.equals("refreshing");
    }
}
