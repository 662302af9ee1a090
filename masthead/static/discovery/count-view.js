// Tells the site one more reader opened this story: first-party, no cookies, no identifiers.
const url = document.currentScript?.dataset.url;
if (url && navigator.sendBeacon) navigator.sendBeacon(url);
