package chat.mz.ui.status;

/**
 * How a status should feel, independent of any colour: the view picks the colour, so a theme change
 * (or a colour-blind palette) never touches the view model.
 */
public enum StatusTone {
    /** Nothing is happening and nothing is wrong. */
    NEUTRAL,
    /** Work in progress: starting, connecting. */
    PROGRESS,
    /** All good: connected. */
    SUCCESS,
    /** Degraded but recovering on its own: disconnected, retrying. */
    WARNING,
    /** Needs the user: it will not recover by waiting. */
    DANGER
}
