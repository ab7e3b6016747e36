// The polyfill as one named export. Imported directly, the bundler's CommonJS interop copied every property of the
// browser namespace onto a new object at each start (reading every API's descriptor: 5-13 ms of a cold worker's
// evaluation, BENCHMARKS.md "Cold start, fourth pass"); behind one property, it copies that property only.
module.exports = { browser: require('webextension-polyfill') };
