package build

// PagerWindow is exported for tests.
var PagerWindow = pagerWindow
