<?php
// Runs PHP code inside the test's WordPress (its database and functions), for what the REST API
// does not show or change: `php wordpress-eval.php ROOT HOST CODE` prints the code's return value
// as JSON. Used by tests/servers/wordpress.ts (WordPressServer.php).

[, $root, $host, $code] = $argv;
$_SERVER['HTTP_HOST'] = $host;
$_SERVER['REQUEST_URI'] = '/';
$_SERVER['SERVER_PROTOCOL'] = 'HTTP/1.1';
define('ABSPATH', $root . '/');
require ABSPATH . 'wp-load.php';
echo json_encode(eval($code), JSON_UNESCAPED_UNICODE | JSON_THROW_ON_ERROR);
