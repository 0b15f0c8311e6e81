/**
 * The trace viewer: JSON routes for traces and run details, and the static page (plain ES modules
 * from the jar's resources, no build step, no network) that shows runs and their traces. Not
 * public API: may change without notice.
 */
package io.hatchet4j.engine.internal.web;
