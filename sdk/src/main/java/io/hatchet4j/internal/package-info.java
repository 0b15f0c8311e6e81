/**
 * Implementation of the SDK. Not public API: anything here may change in any release, and no other
 * module may use it.
 */
package io.hatchet4j.internal;
