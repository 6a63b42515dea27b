<?xml version="1.0" encoding="UTF-8"?>
<!--
  Shows an RSS 2.0 or Atom 1.0 feed as a readable web page when someone
  opens it in a browser. Feed readers ignore it.
  Plain English, no script, no requests to other sites.
-->
<xsl:stylesheet version="1.0"
  xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
  xmlns:atom="http://www.w3.org/2005/Atom"
  xmlns:dc="http://purl.org/dc/elements/1.1/"
  exclude-result-prefixes="atom dc">

  <xsl:output method="html" encoding="UTF-8" indent="yes"
    doctype-system="about:legacy-compat"/>

  <xsl:template match="/">
    <xsl:choose>
      <xsl:when test="rss">
        <xsl:call-template name="page">
          <xsl:with-param name="lang" select="rss/channel/language"/>
          <xsl:with-param name="title" select="rss/channel/title"/>
          <xsl:with-param name="description" select="rss/channel/description"/>
          <xsl:with-param name="site" select="rss/channel/link"/>
          <xsl:with-param name="self" select="rss/channel/atom:link[@rel='self']/@href"/>
        </xsl:call-template>
      </xsl:when>
      <xsl:otherwise>
        <xsl:call-template name="page">
          <xsl:with-param name="lang" select="atom:feed/@xml:lang"/>
          <xsl:with-param name="title" select="atom:feed/atom:title"/>
          <xsl:with-param name="description" select="atom:feed/atom:subtitle"/>
          <xsl:with-param name="site" select="atom:feed/atom:link[@rel='alternate']/@href"/>
          <xsl:with-param name="self" select="atom:feed/atom:link[@rel='self']/@href"/>
        </xsl:call-template>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template name="page">
    <xsl:param name="lang"/>
    <xsl:param name="title"/>
    <xsl:param name="description"/>
    <xsl:param name="site"/>
    <xsl:param name="self"/>
    <html>
      <xsl:attribute name="lang">
        <xsl:choose>
          <xsl:when test="normalize-space($lang)"><xsl:value-of select="$lang"/></xsl:when>
          <xsl:otherwise>en-GB</xsl:otherwise>
        </xsl:choose>
      </xsl:attribute>
      <head>
        <meta charset="utf-8"/>
        <meta name="viewport" content="width=device-width, initial-scale=1"/>
        <meta name="robots" content="noindex"/>
        <title><xsl:value-of select="$title"/> (web feed)</title>
        <style>
          :root { color-scheme: light dark; }
          body { font-family: system-ui, -apple-system, "Segoe UI", Arial, sans-serif;
                 font-size: 1.125rem; line-height: 1.6; margin: 0; padding: 1rem;
                 background: Canvas; color: CanvasText; }
          main { max-width: 40rem; margin: 0 auto; }
          .about { border: 2px solid currentColor; border-radius: 0.5rem;
                   padding: 0.75rem 1rem; margin: 1rem 0 2rem; }
          .about p { margin: 0.5rem 0; }
          code { font-size: 1rem; word-break: break-all; padding: 0.1rem 0.25rem;
                 border: 1px solid currentColor; border-radius: 0.25rem; }
          ol { list-style: none; padding: 0; }
          li { margin: 0 0 1.5rem; }
          h2 { font-size: 1.375rem; }
          h3 { font-size: 1.25rem; margin: 0 0 0.25rem; }
          a { color: LinkText; text-decoration-thickness: 1px; text-underline-offset: 0.2em; }
          a:focus-visible { outline: 3px solid currentColor; outline-offset: 2px; }
          .date { margin: 0 0 0.25rem; }
          .summary { margin: 0; }
        </style>
      </head>
      <body>
        <main>
          <h1><xsl:value-of select="$title"/></h1>
          <xsl:if test="normalize-space($description) and $description != $title">
            <p><xsl:value-of select="$description"/></p>
          </xsl:if>
          <section class="about" aria-labelledby="about-heading">
            <h2 id="about-heading">What is this page?</h2>
            <p>This is a web feed. Copy its address into a feed reader to follow updates.</p>
            <xsl:if test="normalize-space($self)">
              <p>The address to copy is: <code><xsl:value-of select="$self"/></code></p>
            </xsl:if>
            <p>A feed reader is an app or website that shows you new posts from the sites
              you choose, without signing up to emails.</p>
            <xsl:if test="normalize-space($site)">
              <p><a href="{$site}">Go to the web page for <xsl:value-of select="$title"/></a></p>
            </xsl:if>
          </section>
          <h2>Latest updates</h2>
          <xsl:choose>
            <xsl:when test="rss/channel/item | atom:feed/atom:entry">
              <ol>
                <xsl:apply-templates select="rss/channel/item | atom:feed/atom:entry"/>
              </ol>
            </xsl:when>
            <xsl:otherwise>
              <p>There is nothing in this feed yet.</p>
            </xsl:otherwise>
          </xsl:choose>
        </main>
      </body>
    </html>
  </xsl:template>

  <xsl:template match="item">
    <li>
      <article>
        <h3><a href="{link}"><xsl:value-of select="title"/></a></h3>
        <xsl:if test="pubDate">
          <!-- pubDate reads "Sun, 31 Mar 2024 10:00:00 +0100". -->
          <p class="date">Published
            <xsl:value-of select="number(substring(pubDate, 6, 2))"/>
            <xsl:text> </xsl:text>
            <xsl:call-template name="month">
              <xsl:with-param name="m" select="substring(pubDate, 9, 3)"/>
            </xsl:call-template>
            <xsl:text> </xsl:text>
            <xsl:value-of select="substring(pubDate, 13, 4)"/>
          </p>
        </xsl:if>
        <xsl:if test="normalize-space(description)">
          <p class="summary">
            <!-- The description holds HTML-escaped plain text; undo that. -->
            <xsl:call-template name="unescape">
              <xsl:with-param name="s" select="description"/>
            </xsl:call-template>
          </p>
        </xsl:if>
      </article>
    </li>
  </xsl:template>

  <xsl:template match="atom:entry">
    <li>
      <article>
        <h3><a href="{atom:link[@rel='alternate']/@href}"><xsl:value-of select="atom:title"/></a></h3>
        <xsl:variable name="d" select="atom:published | atom:updated[not(../atom:published)]"/>
        <xsl:if test="$d">
          <!-- Dates read "2024-03-31T10:00:00+01:00". -->
          <p class="date">Published
            <xsl:value-of select="number(substring($d, 9, 2))"/>
            <xsl:text> </xsl:text>
            <xsl:call-template name="month">
              <xsl:with-param name="m" select="substring($d, 6, 2)"/>
            </xsl:call-template>
            <xsl:text> </xsl:text>
            <xsl:value-of select="substring($d, 1, 4)"/>
          </p>
        </xsl:if>
        <xsl:if test="normalize-space(atom:summary)">
          <p class="summary"><xsl:value-of select="atom:summary"/></p>
        </xsl:if>
      </article>
    </li>
  </xsl:template>

  <!-- Month name from an RSS abbreviation (Mar) or an Atom number (03). -->
  <xsl:template name="month">
    <xsl:param name="m"/>
    <xsl:choose>
      <xsl:when test="$m = 'Jan' or $m = '01'">January</xsl:when>
      <xsl:when test="$m = 'Feb' or $m = '02'">February</xsl:when>
      <xsl:when test="$m = 'Mar' or $m = '03'">March</xsl:when>
      <xsl:when test="$m = 'Apr' or $m = '04'">April</xsl:when>
      <xsl:when test="$m = 'May' or $m = '05'">May</xsl:when>
      <xsl:when test="$m = 'Jun' or $m = '06'">June</xsl:when>
      <xsl:when test="$m = 'Jul' or $m = '07'">July</xsl:when>
      <xsl:when test="$m = 'Aug' or $m = '08'">August</xsl:when>
      <xsl:when test="$m = 'Sep' or $m = '09'">September</xsl:when>
      <xsl:when test="$m = 'Oct' or $m = '10'">October</xsl:when>
      <xsl:when test="$m = 'Nov' or $m = '11'">November</xsl:when>
      <xsl:when test="$m = 'Dec' or $m = '12'">December</xsl:when>
      <xsl:otherwise><xsl:value-of select="$m"/></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- Undo the escaping of &, < and > that RSS descriptions carry. -->
  <xsl:template name="unescape">
    <xsl:param name="s"/>
    <xsl:call-template name="replace">
      <xsl:with-param name="s">
        <xsl:call-template name="replace">
          <xsl:with-param name="s">
            <xsl:call-template name="replace">
              <xsl:with-param name="s" select="$s"/>
              <xsl:with-param name="from" select="'&amp;lt;'"/>
              <xsl:with-param name="to" select="'&lt;'"/>
            </xsl:call-template>
          </xsl:with-param>
          <xsl:with-param name="from" select="'&amp;gt;'"/>
          <xsl:with-param name="to" select="'&gt;'"/>
        </xsl:call-template>
      </xsl:with-param>
      <xsl:with-param name="from" select="'&amp;amp;'"/>
      <xsl:with-param name="to" select="'&amp;'"/>
    </xsl:call-template>
  </xsl:template>

  <xsl:template name="replace">
    <xsl:param name="s"/>
    <xsl:param name="from"/>
    <xsl:param name="to"/>
    <xsl:choose>
      <xsl:when test="contains($s, $from)">
        <xsl:value-of select="substring-before($s, $from)"/>
        <xsl:value-of select="$to"/>
        <xsl:call-template name="replace">
          <xsl:with-param name="s" select="substring-after($s, $from)"/>
          <xsl:with-param name="from" select="$from"/>
          <xsl:with-param name="to" select="$to"/>
        </xsl:call-template>
      </xsl:when>
      <xsl:otherwise><xsl:value-of select="$s"/></xsl:otherwise>
    </xsl:choose>
  </xsl:template>
</xsl:stylesheet>
