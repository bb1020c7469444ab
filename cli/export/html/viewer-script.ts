/**
 * The viewer page's script, inlined into every HTML export (so it is plain browser JavaScript in a
 * string: no template literals or `${` inside). It draws the space-time diagram on one canvas and
 * draws only what is in view: marks and arrows are sorted by time and found by binary search, and
 * when a view holds more than a few thousand of them it draws per-pixel density instead.
 * `window.__faultline` is a small API for tests and for people poking at a run from the console.
 */
import { VIEWER_DETAILS } from './viewer/details.js';
import { VIEWER_DRAW } from './viewer/draw.js';
import { VIEWER_INPUT } from './viewer/input.js';
import { VIEWER_MODEL } from './viewer/model.js';

// The parts share one function scope, in this order (later parts use earlier parts' variables).
export const VIEWER_SCRIPT = ['(function () {', "  'use strict';", VIEWER_MODEL, VIEWER_DRAW, VIEWER_DETAILS, VIEWER_INPUT, '})();'].join('\n');
