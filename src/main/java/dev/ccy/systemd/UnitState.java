package dev.ccy.systemd;

/**
 * A unit's state as the manager reports it; for a failed unit, also why, in systemd's words
 * (the service's Result, with its main process's exit status or signal), else empty.
 */
public record UnitState(String unit, String loadState, String activeState, String subState, String failure) {
    public UnitState(String unit, String loadState, String activeState, String subState) {
        this(unit, loadState, activeState, subState, "");
    }

    /** What a failed unit's Result and ExecMainStatus say, shortest first: "exit 127", "start-limit-hit, exit 127". */
    public static String failure(String result, int status) {
        return switch (result) {
            case "success", "" -> status == 0 ? "" : "exit " + status;
            case "exit-code" -> "exit " + status;
            case "signal", "core-dump" -> result + " " + status;
            default -> status == 0 ? result : result + ", exit " + status;
        };
    }

    public UnitState withFailure(String why) {
        return new UnitState(unit, loadState, activeState, subState, why);
    }

    public static UnitState unknown(String unit) {
        return new UnitState(unit, "not-found", "inactive", "dead");
    }

    public boolean isActive() {
        return activeState.equals("active") || activeState.equals("reloading") || activeState.equals("refreshing");
    }
}
