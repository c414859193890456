/* http_print.c - GET /api/print?layer=&area=&paper=[&landscape=1][&sheets=1]: the same PDF as
 * `coopmap print`, made by map_print from the layer set the server already holds. */
#include "http_int.h"

#include "http_layers.h"
#include "map_print.h"

#include <microhttpd.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

/* "potential-75120.pdf" from untrusted names: anything but [A-Za-z0-9_-] becomes '_'. */
static void
file_name(const char *layer, const char *area, char *buf, size_t n)
{
    snprintf(buf, n, "coopmap-%.40s-%.16s.pdf", layer, area);
    for (char *p = buf + 8; *p && strcmp(p, ".pdf") != 0; p++) {
        if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9')
              || *p == '-' || *p == '_'))
            *p = '_';
    }
}

static int
send_pdf(struct http_req *rq, const struct cm_buf *pdf, const char *name)
{
    char disp[128];
    struct MHD_Response *r = MHD_create_response_from_buffer(
        pdf->len, (void *)(uintptr_t)pdf->data, MHD_RESPMEM_MUST_COPY);

    if (r == NULL)
        return CM_ENOMEM;
    snprintf(disp, sizeof disp, "attachment; filename=\"%s\"", name);
    MHD_add_response_header(r, MHD_HTTP_HEADER_CONTENT_TYPE, "application/pdf");
    MHD_add_response_header(r, "Content-Disposition", disp);
    MHD_add_response_header(r, MHD_HTTP_HEADER_CACHE_CONTROL, "no-cache");
    return http_queue(rq, MHD_HTTP_OK, r, pdf->len);
}

int
http_api_print(struct http_req *rq, const char *rest, struct cm_err *err)
{
    const char *land = http_arg(rq, "landscape"), *sheets = http_arg(rq, "sheets");
    struct map_print_opts o = {http_arg(rq, "layer"), http_arg(rq, "area"), http_arg(rq, "paper"),
                               land && strcmp(land, "1") == 0, sheets && strcmp(sheets, "1") == 0,
                               0, 0, 0};
    const struct map_layer *ml;
    struct store *st;
    struct cm_buf pdf;
    char name[96];
    int rc;

    (void)rest;
    o.layer = map_print_layer_name(o.layer);
    if (o.area == NULL || o.area[0] == '\0')
        o.area = "all";
    if ((rc = map_print_check(&o, err)) != CM_OK)
        return rc;
    if ((ml = http_layers_find(rq->layers, o.layer)) == NULL || rq->layers->geoms == NULL)
        return cm_err_set(err, CM_ENOTFOUND, "unknown layer %.64s", o.layer);
    if ((rc = http_store(rq, &st, err)) != CM_OK)
        return rc;
    /* one sheet per bureau is for a section; a whole city's worth is a runaway request */
    o.max_sheets = rq->srv->print_max_sheets;
    cm_buf_init(&pdf);
    rc = map_print_pdf(st, rq->layers->geoms, ml, &o, &pdf, NULL, err);
    if (rc == CM_OK) {
        file_name(o.layer, o.area, name, sizeof name);
        rc = send_pdf(rq, &pdf, name);
    }
    cm_buf_cleanup(&pdf);
    return rc;
}
