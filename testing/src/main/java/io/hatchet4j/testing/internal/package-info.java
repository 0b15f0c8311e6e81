/** Implementation of the testing kit. Not public API. */
package io.hatchet4j.testing.internal;
