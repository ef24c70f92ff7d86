<?php
// Router for `php -S`: serves Debian's WordPress (/usr/share/wordpress) from a per-run tree of
// links whose wp-config.php is the test's own (tests/servers/wordpress.ts writes both), so no test
// writes into /etc/wordpress. Debian's wp-config.php would read /etc/wordpress/config-HOST.php:
// defining ABSPATH here first makes wp-load.php read ABSPATH/wp-config.php, the test's file.
// Like Apache's rewrite rules for WordPress, a path that is no file goes to index.php, so pretty
// permalinks and /wp-json/ work too.

$root = rtrim($_SERVER['DOCUMENT_ROOT'], '/');
$path = rawurldecode(parse_url($_SERVER['REQUEST_URI'], PHP_URL_PATH) ?? '/');
if (str_contains($path, '..')) {
  http_response_code(400);
  return true;
}
$target = $root . $path;
if (is_dir($target)) {
  $target = rtrim($target, '/') . '/index.php';
  $path = rtrim($path, '/') . '/index.php';
}
if (is_file($target) && !str_ends_with($target, '.php')) {
  return false; // a static file: the built-in server sends it
}
if (!is_file($target)) {
  $target = $root . '/index.php';
  $path = '/index.php';
}
// load-scripts.php and load-styles.php define ABSPATH themselves and read no configuration.
if (!in_array(basename($target), ['load-scripts.php', 'load-styles.php'], true)) {
  define('ABSPATH', $root . '/');
}
$_SERVER['SCRIPT_FILENAME'] = $target;
$_SERVER['SCRIPT_NAME'] = $path;
$_SERVER['PHP_SELF'] = $path;
chdir(dirname($target));
require $target;
